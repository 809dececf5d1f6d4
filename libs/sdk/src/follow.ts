import { createParser } from 'eventsource-parser';
import { EsyApiError } from './errors';
import { parseRunEvent, TERMINAL_RUN_EVENT_TYPES, type RunEvent } from './events';
import { sleep, type Http } from './http';

export interface FollowOptions {
  /** Start after this event id (e.g. a RunDetail's `last_event_id`); default: the run's first event. */
  lastEventId?: number;
  /** Also end at `run_paused` (a paused run waits for an operator, which may take days). */
  stopOnPause?: boolean;
  /**
   * Open each connection with a fresh stream token (`POST /runs/{id}/stream-token`, then `?token=`) instead of
   * the Authorization header — for proxies that strip the header from long requests.
   */
  useStreamToken?: boolean;
  /** A connection silent for this long (no event, no heartbeat) counts as dropped. Default 60 s. */
  idleTimeoutMs?: number;
  /** Give up after this many reconnects in a row that brought no new event. Default 10. */
  maxReconnects?: number;
  /** Called before each reconnect, with why the connection ended. */
  onReconnect?: (attempt: number, reason: string) => void;
  signal?: AbortSignal;
}

/** Why a connection ended, when it did not end the run's story. */
class Dropped extends Error {}

/**
 * A run's events as an async iterator: replays from `lastEventId`, then follows live until the run ends (or pauses,
 * with `stopOnPause`). A dropped connection is reopened with `Last-Event-ID` after a short back-off; ids already
 * delivered are skipped, so every event arrives exactly once and in order. A refused stream (404, 403) throws at
 * once; a 401 renews the session (or the stream token) and retries.
 */
export async function* followRun(http: Http, runId: string, options: FollowOptions = {}): AsyncGenerator<RunEvent, void, undefined> {
  let lastId = options.lastEventId ?? 0;
  let quietReconnects = 0;
  const maxReconnects = options.maxReconnects ?? 10;
  const path = `/runs/${encodeURIComponent(runId)}/stream`;

  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) return;
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(new Dropped('no data or heartbeat for too long')), options.idleTimeoutMs ?? 60_000);
    };
    let progressed = false;
    let reason = 'the server closed the stream';
    try {
      let response: Response;
      if (options.useStreamToken) {
        const { token } = await http.json<{ token: string }>('POST', `${path}-token`, { signal: abort.signal, retryOnNetworkError: true });
        response = await http.send('GET', path, { query: { token }, headers: streamHeaders(lastId), signal: abort.signal, authenticate: false });
      } else {
        response = await http.send('GET', path, { headers: streamHeaders(lastId), signal: abort.signal });
      }
      // 204: the run has finished and nothing follows lastId.
      if (response.status === 204 || !response.body) return;

      const queue: RunEvent[] = [];
      const parser = createParser({
        onEvent: (message) => {
          const event = parseRunEvent(message.event, message.data, message.id);
          if (event) queue.push(event);
        },
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      armIdle();
      try {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          armIdle();
          parser.feed(decoder.decode(chunk.value, { stream: true }));
          for (const event of queue.splice(0)) {
            if (event.id !== null) {
              if (event.id <= lastId) continue; // already delivered before a reconnect
              lastId = event.id;
              progressed = true;
            }
            yield event;
            if (TERMINAL_RUN_EVENT_TYPES.has(event.type) || (options.stopOnPause && event.type === 'run_paused')) return;
          }
        }
      } finally {
        clearTimeout(idle);
        await reader.cancel().catch(() => undefined);
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      // A refusal will not get better by retrying (401 was already retried once with fresh credentials).
      // A stream token that expired between issue and connect is simply replaced on the next attempt.
      const staleToken = error instanceof EsyApiError && error.code === 'INVALID_STREAM_TOKEN';
      if (error instanceof EsyApiError && error.status >= 400 && error.status !== 429 && error.status < 500 && !staleToken) throw error;
      reason = abort.signal.reason instanceof Dropped ? abort.signal.reason.message : (error as Error).message;
    } finally {
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
    quietReconnects = progressed ? 0 : quietReconnects + 1;
    if (quietReconnects > maxReconnects) throw new EsyApiError(0, 'STREAM_LOST', `lost the event stream of run ${runId}: ${reason}`);
    options.onReconnect?.(quietReconnects || 1, reason);
    await sleep(progressed ? 100 : Math.min(250 * 2 ** quietReconnects, 5000), options.signal);
  }
}

function streamHeaders(lastId: number): Record<string, string> {
  return { accept: 'text/event-stream', ...(lastId > 0 ? { 'last-event-id': String(lastId) } : {}) };
}
