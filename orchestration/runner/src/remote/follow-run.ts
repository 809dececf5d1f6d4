import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { RecordedEvent } from '../../../core/engine/local/recording-event-sink';
import type { RunEventType } from '../../../core/engine/ports';
import { RemoteApi, RemoteApiError } from './api-client';

/** Events after which a run's stream has nothing more to say. */
const TERMINAL = new Set(['run_completed', 'run_failed', 'run_cancelled']);

export interface FollowOptions {
  /** Also stop at `run_paused` (a paused run waits for an operator, which may take days). */
  stopWhenPaused: boolean;
  /** Waits between reconnects after the connection drops. */
  retryDelayMs?: number;
  /** Gives up after this many reconnects in a row without a single event. */
  maxReconnects?: number;
  onReconnect?: (attempt: number, reason: string) => void;
}

/**
 * Follows a run's SSE stream to its end, reconnecting with `Last-Event-ID` after a dropped connection, so every
 * event is delivered exactly once and in order. Resolves with the last run-level event type seen.
 */
export async function followRun(api: RemoteApi, runId: string, onEvent: (event: RecordedEvent) => void, options: FollowOptions): Promise<string> {
  let lastId: string | undefined;
  let outcome = '';
  let failures = 0;
  const maxReconnects = options.maxReconnects ?? 20;
  for (;;) {
    let sawEvent = false;
    let done = false;
    try {
      const response = await fetch(api.url(`/runs/${encodeURIComponent(runId)}/stream`), {
        headers: { ...api.headers, accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
      });
      if (!response.ok || !response.body) {
        const text = await response.text();
        let message = text.slice(0, 200);
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? message;
        } catch {
          // keep the raw text
        }
        throw new RemoteApiError(response.status, 'STREAM_REFUSED', message || `HTTP ${response.status}`);
      }
      const parser = createParser({
        onEvent: (message: EventSourceMessage) => {
          if (done) return;
          let data: { id?: number | null; run_id?: string; type?: string; payload?: Record<string, unknown>; created_at?: string };
          try {
            data = JSON.parse(message.data);
          } catch {
            return;
          }
          const type = (message.event ?? data.type ?? '') as RunEventType;
          if (message.id) lastId = message.id;
          sawEvent = true;
          onEvent({ id: Number(message.id ?? 0), runId, type, payload: data.payload ?? {}, at: data.created_at ?? new Date().toISOString() });
          if (type.startsWith('run_')) outcome = type;
          if (TERMINAL.has(type) || (options.stopWhenPaused && type === 'run_paused')) done = true;
        },
      });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      while (!done) {
        const chunk = await reader.read();
        if (chunk.done) break;
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
      await reader.cancel().catch(() => undefined);
      if (done) return outcome;
      failures = sawEvent ? 0 : failures + 1;
      if (failures > maxReconnects) throw new RemoteApiError(0, 'STREAM_LOST', 'the event stream keeps closing without news; giving up');
      options.onReconnect?.(failures, 'the server closed the stream');
    } catch (error) {
      // A refused stream (401, 404, …) will not get better by retrying; a dropped connection may.
      if (error instanceof RemoteApiError && error.status >= 400) throw error;
      if (error instanceof RemoteApiError && error.code === 'STREAM_LOST') throw error;
      failures += 1;
      if (failures > maxReconnects) throw new RemoteApiError(0, 'STREAM_LOST', `lost the event stream: ${(error as Error).message}`);
      options.onReconnect?.(failures, (error as Error).message);
    }
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? Math.min(500 * 2 ** Math.min(failures, 4), 5000)));
  }
}
