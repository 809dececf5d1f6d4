import { RUN_EVENT_TYPES } from '@esy/orchestration/run-event-types';
import { parseLiveEvent, type LiveEvent } from './live-event';

/** The part of the browser's EventSource the client uses (so tests can drive a fake one). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type LiveConnection = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the client needs from `window` to reconnect as soon as the browser is back online. */
export interface OnlineTarget {
  addEventListener(type: 'online', listener: () => void): void;
  removeEventListener(type: 'online', listener: () => void): void;
}

export interface LiveEventClientOptions {
  /**
   * The URL of one connection, resuming after `lastEventId` (0 = from the beginning, or the server's default).
   * Called before every (re)connection: stream tokens are short-lived, so each connection fetches a fresh one.
   */
  connectUrl: (lastEventId: number) => Promise<string>;
  onEvent: (event: LiveEvent) => void;
  onConnection?: (state: LiveConnection) => void;
  /** Events up to this id were already applied (e.g. from a snapshot): they are not delivered again. */
  lastEventId?: number;
  /** EventSource only dispatches named events it has a listener for; defaults to every run event type. */
  eventTypes?: readonly string[];
  /** Backoff: first delay, doubled per failed attempt, capped. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  openEventSource?: (url: string) => EventSourceLike;
  /** Defaults to `window` when there is one; null turns the online shortcut off. */
  online?: OnlineTarget | null;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

/** How many delivered ids are remembered before the oldest are forgotten (a console open all day sees many). */
const REMEMBERED_IDS = 5000;

/**
 * One live event stream. EventSource cannot send an Authorization header, so each connection first asks for a URL
 * with a fresh stream token; when the connection drops we close it ourselves (the browser's own retry would reuse
 * an expired token) and reconnect with exponential backoff, asking the server to replay from the last event id
 * applied. Events are delivered at most once: an id already delivered (a replay duplicate) is dropped; an older
 * event that arrives late is still delivered, and the caller decides whether it still changes anything. Live-only
 * messages (no id) are always delivered.
 */
export class LiveEventClient {
  private source: EventSourceLike | null = null;
  private timer: unknown = null;
  private attempts = 0;
  private stopped = true;
  private generation = 0;
  private lastId: number;
  /** Ids up to this one count as delivered (the snapshot, then whatever was forgotten from `delivered`). */
  private floor: number;
  private readonly delivered = new Set<number>();
  private readonly online: OnlineTarget | null;
  private readonly onOnline = () => this.reconnectNow();

  constructor(private readonly options: LiveEventClientOptions) {
    this.lastId = options.lastEventId ?? 0;
    this.floor = this.lastId;
    this.online = options.online !== undefined ? options.online : typeof window !== 'undefined' ? window : null;
  }

  /** The highest event id delivered so far (where a reconnection resumes). */
  get lastEventId(): number {
    return this.lastId;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.online?.addEventListener('online', this.onOnline);
    void this.connect('connecting');
  }

  /** Closes the connection for good (page left, run finished, signed out). */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.online?.removeEventListener('online', this.onOnline);
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

  private async connect(state: LiveConnection): Promise<void> {
    const generation = ++this.generation;
    this.options.onConnection?.(state);
    let url: string;
    try {
      url = await this.options.connectUrl(this.lastId);
    } catch {
      if (generation === this.generation) this.scheduleReconnect();
      return;
    }
    if (this.stopped || generation !== this.generation) return;
    const source = (this.options.openEventSource ?? ((target) => new EventSource(target)))(url);
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
      const event = parseLiveEvent(message, this.options.now?.() ?? Date.now());
      if (!event || !this.isNew(event.id)) return;
      this.options.onEvent(event);
    };
    for (const type of this.options.eventTypes ?? RUN_EVENT_TYPES) source.addEventListener(type, deliver);
    source.addEventListener('message', deliver);
  }

  private isNew(id: number | null): boolean {
    if (id === null) return true;
    if (id <= this.floor || this.delivered.has(id)) return false;
    this.delivered.add(id);
    this.lastId = Math.max(this.lastId, id);
    if (this.delivered.size > REMEMBERED_IDS) {
      // Forget the older half; anything at or below the new floor now counts as already delivered.
      this.floor = this.lastId - REMEMBERED_IDS / 2;
      for (const seen of this.delivered) if (seen <= this.floor) this.delivered.delete(seen);
    }
    return true;
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
