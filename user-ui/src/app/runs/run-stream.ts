import { parseRunEvent, RUN_EVENT_TYPES, type RunStreamEvent } from './run-events';

/** The part of the browser's EventSource the stream uses (so tests can drive a fake one). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type StreamConnection = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RunStreamOptions {
  runId: string;
  /** A fresh short-lived stream token; called before every (re)connection because tokens expire. */
  fetchToken: (runId: string) => Promise<string>;
  /** Builds the stream URL for a token and the last event id already applied (0 = from the beginning). */
  streamUrl: (runId: string, token: string, lastEventId: number) => string;
  openEventSource: (url: string) => EventSourceLike;
  onEvent: (event: RunStreamEvent) => void;
  onConnection?: (state: StreamConnection) => void;
  /** Events already applied before streaming started (e.g. from the run snapshot). */
  lastEventId?: number;
  /** Backoff: first delay, doubled per failed attempt, capped. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

/**
 * One run's live stream. EventSource cannot send an Authorization header, so each connection first fetches a
 * stream token; when the connection drops we close it ourselves (the browser's own retry would reuse an expired
 * token) and reconnect with exponential backoff, asking the server to replay from the last event id we applied.
 * Events are delivered at most once: an id already delivered (a replay duplicate) is dropped; an older event that
 * arrives late is still delivered, and the progress reducer decides whether it still changes anything.
 */
export class RunStream {
  private source: EventSourceLike | null = null;
  private timer: unknown = null;
  private attempts = 0;
  private stopped = false;
  private generation = 0;
  private lastId: number;
  /** Events up to this id were known before streaming began (the snapshot). */
  private readonly resumeFrom: number;
  private readonly delivered = new Set<number>();

  constructor(private readonly options: RunStreamOptions) {
    this.lastId = options.lastEventId ?? 0;
    this.resumeFrom = this.lastId;
  }

  get lastEventId(): number {
    return this.lastId;
  }

  start(): void {
    this.stopped = false;
    void this.connect('connecting');
  }

  /** Closes the connection for good (page left, run finished). */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.clearPending();
    this.source?.close();
    this.source = null;
    this.options.onConnection?.('closed');
  }

  /** Reconnects right away (the browser came back online) instead of waiting out the backoff. */
  reconnectNow(): void {
    if (this.stopped || this.source) return;
    this.clearPending();
    void this.connect('reconnecting');
  }

  private async connect(state: StreamConnection): Promise<void> {
    const generation = ++this.generation;
    this.options.onConnection?.(state);
    let token: string;
    try {
      token = await this.options.fetchToken(this.options.runId);
    } catch {
      if (generation === this.generation) this.scheduleReconnect();
      return;
    }
    if (this.stopped || generation !== this.generation) return;
    const source = this.options.openEventSource(this.options.streamUrl(this.options.runId, token, this.lastId));
    this.source = source;
    source.onopen = () => {
      if (generation !== this.generation) return;
      this.attempts = 0;
      this.options.onConnection?.('open');
    };
    source.onerror = () => {
      if (generation !== this.generation) return;
      source.close();
      this.source = null;
      this.scheduleReconnect();
    };
    const deliver = (message: MessageEvent<string>) => {
      if (generation !== this.generation) return;
      const event = parseRunEvent(message.type, message.lastEventId, message.data, this.options.now?.() ?? Date.now());
      if (!event || this.delivered.has(event.id) || event.id <= this.resumeFrom) return;
      this.delivered.add(event.id);
      this.lastId = Math.max(this.lastId, event.id);
      this.options.onEvent(event);
    };
    for (const type of RUN_EVENT_TYPES) source.addEventListener(type, deliver);
    source.addEventListener('message', deliver);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const first = this.options.initialDelayMs ?? 1000;
    const delay = Math.min(first * 2 ** this.attempts, this.options.maxDelayMs ?? 30_000);
    this.attempts++;
    this.options.onConnection?.('reconnecting');
    const setTimer = this.options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.timer = setTimer(() => {
      this.timer = null;
      void this.connect('reconnecting');
    }, delay);
  }

  private clearPending(): void {
    if (this.timer !== null) (this.options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }
}
