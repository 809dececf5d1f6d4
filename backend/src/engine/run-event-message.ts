/**
 * What travels on the Redis channel `<REDIS_KEY_PREFIX>:run-events` for every run event, and what an SSE `data:`
 * line carries. `id` is the run_events row id (the SSE id); `prev_id` is the run's previous event id (null for its
 * first), so a subscriber that sees `prev_id` ≠ the last id it delivered knows it missed something and reads the
 * gap from the table. `gate_output` (streamed model text) is published live only: `id` and `prev_id` are null.
 */
export interface RunEventMessage {
  id: number | null;
  prev_id: number | null;
  run_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: string;
}

export const RUN_EVENTS_CHANNEL_SUFFIX = 'run-events';

export const runEventsChannel = (keyPrefix: string) => `${keyPrefix}:${RUN_EVENTS_CHANNEL_SUFFIX}`;

/** Events after which a run's stream has nothing more to say. */
export const TERMINAL_RUN_EVENTS: ReadonlySet<string> = new Set(['run_completed', 'run_failed', 'run_cancelled']);

/** Event types only administrators receive. */
export const ADMIN_ONLY_EVENTS: ReadonlySet<string> = new Set(['gate_output']);

export function parseRunEventMessage(raw: string): RunEventMessage | null {
  try {
    const value = JSON.parse(raw) as Partial<RunEventMessage>;
    if (typeof value !== 'object' || value === null || typeof value.run_id !== 'string' || typeof value.type !== 'string') return null;
    return {
      id: typeof value.id === 'number' ? value.id : null,
      prev_id: typeof value.prev_id === 'number' ? value.prev_id : null,
      run_id: value.run_id,
      type: value.type,
      payload: (value.payload as Record<string, unknown>) ?? {},
      created_at: typeof value.created_at === 'string' ? value.created_at : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}
