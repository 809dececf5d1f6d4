/**
 * Every event type a run's stream carries (the engine's list; the SDK keeps its own copy because the esy CLI, part
 * of orchestration/, depends on the SDK — backend/test/sdk checks the two lists agree).
 */
export const RUN_EVENT_TYPES = [
  'run_started',
  'gate_started',
  'gate_output',
  'gate_passed',
  'gate_failed',
  'gate_warning',
  'gate_skipped',
  'gate_retrying',
  'run_paused',
  'run_resumed',
  'run_completed',
  'run_failed',
  'run_cancelled',
  'operator_action',
] as const;

export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** Fields the engine puts in event payloads (which ones depends on the type; unknown ones pass through). */
export interface RunEventPayload {
  gate_id?: string;
  gate_name?: string;
  attempt_number?: number;
  max_attempts?: number;
  reason?: string;
  /** `gate_output`: streamed model text (administrators only). */
  text?: string;
  /** `run_completed`: the run's totals, snake_case. */
  totals?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One live event of a run's stream, as the `data:` line carries it. */
export interface RunEvent<T extends RunEventType = RunEventType> {
  /** The run_events id (increasing); null for live-only `gate_output`. */
  id: number | null;
  /** The run's previous event id (null for its first). */
  prev_id: number | null;
  run_id: string;
  type: T;
  payload: RunEventPayload;
  created_at: string;
}

/** After these the stream has nothing more to say. */
export const TERMINAL_RUN_EVENT_TYPES: ReadonlySet<RunEventType> = new Set(['run_completed', 'run_failed', 'run_cancelled']);

const KNOWN = new Set<string>(RUN_EVENT_TYPES);

/** Parses one SSE message into a RunEvent; null for anything that is not one (unknown type, bad JSON). */
export function parseRunEvent(eventName: string | undefined, data: string, sseId: string | undefined): RunEvent | null {
  let body: Partial<RunEvent>;
  try {
    body = JSON.parse(data) as Partial<RunEvent>;
  } catch {
    return null;
  }
  const type = (eventName ?? body.type) as string | undefined;
  if (!type || !KNOWN.has(type) || typeof body.run_id !== 'string') return null;
  const id = sseId ? Number(sseId) : typeof body.id === 'number' ? body.id : null;
  return {
    id: Number.isFinite(id) ? id : null,
    prev_id: typeof body.prev_id === 'number' ? body.prev_id : null,
    run_id: body.run_id,
    type: type as RunEventType,
    payload: body.payload && typeof body.payload === 'object' ? body.payload : {},
    created_at: typeof body.created_at === 'string' ? body.created_at : new Date().toISOString(),
  };
}
