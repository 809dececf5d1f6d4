/**
 * Events of a run's live stream (`GET /api/runs/:id/stream`). Server-sent events are outside the OpenAPI
 * document, so their payloads are described here, after the engine's event sink (snake_case, as on the wire).
 */
import type { RunEventType } from '@esy/api-client';
import type { LiveEvent } from '@esy/live-events';

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

/** A stream event as the run views use it; live-only messages (no id) are not for users and are dropped. */
export function toRunStreamEvent(event: LiveEvent): RunStreamEvent | null {
  if (event.id === null) return null;
  return { id: event.id, type: event.type, payload: event.payload as GateEventPayload, receivedAt: event.receivedAt, ...(event.runId ? { runId: event.runId } : {}) };
}
