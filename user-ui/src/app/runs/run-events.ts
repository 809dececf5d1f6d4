/**
 * Events of a run's live stream (`GET /api/runs/:id/stream`). Server-sent events are outside the OpenAPI
 * document, so their payloads are described here, after the engine's event sink (snake_case, as on the wire).
 */
import type { RunEventType } from '@esy/api-client';

export { RUN_EVENT_TYPES, type RunEventType } from '@esy/api-client';

/** The gate fields every gate_* event carries. */
export interface GateEventPayload {
  gate_id?: string;
  gate_name?: string;
  phase?: string;
  gate_order?: number;
  attempt_number?: number;
  max_attempts?: number;
  status?: string;
  fail_codes?: string[];
  duration_ms?: number | null;
  simulated?: boolean;
  reason?: string | null;
  [key: string]: unknown;
}

export interface RunStreamEvent {
  /** Monotonically increasing per stream (a bigserial on the server); the order events are applied in. */
  id: number;
  type: RunEventType | string;
  payload: GateEventPayload;
  /** When the browser received it (for elapsed-time display of the running step). */
  receivedAt: number;
  /** The run it belongs to, when the message says (the user feed of all runs carries it). */
  runId?: string;
}

/** Parses one SSE message; returns null for messages that are not run events (heartbeats, junk). */
export function parseRunEvent(type: string, lastEventId: string, data: string, receivedAt = Date.now()): RunStreamEvent | null {
  const id = Number(lastEventId);
  if (!lastEventId || !Number.isSafeInteger(id)) return null;
  let payload: unknown = {};
  try {
    payload = data ? JSON.parse(data) : {};
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  // Some servers wrap the payload ({type, payload}); accept both shapes.
  const body = payload as Record<string, unknown>;
  const inner = typeof body['payload'] === 'object' && body['payload'] !== null ? (body['payload'] as GateEventPayload) : (body as GateEventPayload);
  const eventType = type && type !== 'message' ? type : typeof body['type'] === 'string' ? (body['type'] as string) : type;
  const runId = typeof body['run_id'] === 'string' ? (body['run_id'] as string) : undefined;
  return { id, type: eventType, payload: inner, receivedAt, ...(runId ? { runId } : {}) };
}
