import { ApiException } from '../common/errors/api.exception';

/** `Last-Event-ID` header, else `?last_event_id=`; 0 when neither is given. */
export function lastEventIdOf(header: string | string[] | undefined, query: unknown): number {
  const raw = (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : undefined);
  if (raw === undefined || raw.trim() === '') return 0;
  if (!/^\d{1,15}$/.test(raw.trim())) {
    throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: 'last_event_id', message: 'last_event_id must be a non-negative whole number (an event id)' }]);
  }
  return Number(raw.trim());
}
