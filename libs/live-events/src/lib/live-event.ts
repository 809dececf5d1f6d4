/**
 * One message of a server-sent event stream as the backend writes it (`id:` the run_events id, `event:` the type,
 * `data:` the whole message as JSON: `{id, run_id, type, payload, created_at}`). Streamed model text
 * (`gate_output`, administrators only) is live-only: its `id` is null and the SSE message carries no `id:`.
 */
export interface LiveEvent {
  /** Increasing per database (a bigserial); null for live-only messages, which are never replayed. */
  id: number | null;
  type: string;
  /** The run it belongs to (every message says; a legacy payload-only message may not). */
  runId: string | null;
  payload: Record<string, unknown>;
  /** When the server recorded it, if it says. */
  createdAt: string | null;
  /** When the browser received it (elapsed time of a running step). */
  receivedAt: number;
}

/** The fields of a browser MessageEvent the parser reads. */
export interface LiveMessage {
  type: string;
  lastEventId: string;
  data: string;
}

/** Parses one SSE message; null for anything that is not an event (junk, a non-object body). */
export function parseLiveEvent(message: LiveMessage, receivedAt = Date.now()): LiveEvent | null {
  let body: unknown;
  try {
    body = message.data ? JSON.parse(message.data) : {};
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const fields = body as Record<string, unknown>;
  // The server wraps the payload ({id, run_id, type, payload}); a bare payload is accepted too.
  const wrapped = typeof fields['payload'] === 'object' && fields['payload'] !== null && !Array.isArray(fields['payload']);
  const payload = wrapped ? (fields['payload'] as Record<string, unknown>) : fields;
  const type = message.type && message.type !== 'message' ? message.type : typeof fields['type'] === 'string' ? fields['type'] : message.type;
  return {
    id: eventId(fields, wrapped, message.lastEventId),
    type,
    runId: typeof fields['run_id'] === 'string' ? fields['run_id'] : null,
    payload,
    createdAt: typeof fields['created_at'] === 'string' ? fields['created_at'] : null,
    receivedAt,
  };
}

function eventId(fields: Record<string, unknown>, wrapped: boolean, lastEventId: string): number | null {
  const own = fields['id'];
  if (typeof own === 'number' && Number.isSafeInteger(own)) return own;
  // A wrapped message says its id itself. The browser's lastEventId is not used for it: an id-less message
  // inherits the previous message's id there, which would make live-only text look like a replayed duplicate.
  if (wrapped) return null;
  const id = Number(lastEventId);
  return lastEventId && Number.isSafeInteger(id) ? id : null;
}
