import type { LiveEvent } from './live-event';
import { LiveEventClient, type EventSourceLike, type LiveConnection, type OnlineTarget } from './live-event-client';

/** A controllable stand-in for the browser's EventSource. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  /** Like the browser: an id-less message keeps the previous message's lastEventId. */
  private lastEventId = '';
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  /** Sends a message the way the server writes it: `id:` (unless live-only), `event:`, `data:` the whole message. */
  emit(id: number | null, type: string, payload: object = {}, runId = 'run-1'): void {
    if (id !== null) this.lastEventId = String(id);
    const data = JSON.stringify({ id, run_id: runId, type, payload, created_at: '2026-01-01T00:00:00.000Z' });
    this.dispatch(type, data);
  }
  dispatch(type: string, data: string): void {
    const message = new MessageEvent<string>(type, { data, lastEventId: this.lastEventId });
    for (const listener of this.listeners.get(type) ?? []) listener(message);
  }
  drop(): void {
    this.onerror?.(new Event('error'));
  }
}

class FakeWindow implements OnlineTarget {
  listener: (() => void) | null = null;
  addEventListener(_type: 'online', listener: () => void): void {
    this.listener = listener;
  }
  removeEventListener(): void {
    this.listener = null;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function setUp(options: { lastEventId?: number; failTokens?: number } = {}) {
  const sources: FakeSource[] = [];
  const received: LiveEvent[] = [];
  const states: LiveConnection[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  const online = new FakeWindow();
  let tokens = 0;
  let failures = options.failTokens ?? 0;
  const client = new LiveEventClient({
    lastEventId: options.lastEventId,
    connectUrl: async (last) => {
      if (failures > 0) {
        failures--;
        throw new Error('token refused');
      }
      return `/api/runs/run-1/stream?token=token-${++tokens}&last_event_id=${last}`;
    },
    openEventSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    onEvent: (event) => received.push(event),
    onConnection: (state) => states.push(state),
    online,
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => undefined,
  });
  return { client, sources, received, states, timers, online };
}

describe('LiveEventClient', () => {
  it('connects with a fresh token and delivers events in order, with their run and payload', async () => {
    const { client, sources, received, states } = setUp();
    client.start();
    await settle();
    expect(sources[0].url).toBe('/api/runs/run-1/stream?token=token-1&last_event_id=0');
    sources[0].open();
    sources[0].emit(5, 'gate_started', { gate_id: 'G1' });
    sources[0].emit(6, 'gate_passed', { gate_id: 'G1' });
    expect(received.map((e) => `${e.id}:${e.type}:${e.runId}:${e.payload['gate_id']}`)).toEqual(['5:gate_started:run-1:G1', '6:gate_passed:run-1:G1']);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('after a network loss reconnects with a new token from the last event id, without losing or repeating events', async () => {
    const { client, sources, received, timers, states } = setUp({ lastEventId: 4 });
    client.start();
    await settle();
    sources[0].open();
    sources[0].emit(5, 'gate_started', { gate_id: 'G1' });
    sources[0].drop();
    expect(sources[0].closed).toBe(true);
    expect(states.at(-1)).toBe('reconnecting');

    timers.shift()?.callback();
    await settle();
    expect(sources[1].url).toBe('/api/runs/run-1/stream?token=token-2&last_event_id=5');
    sources[1].open();
    // The server replays what we missed; a duplicate of 5 is dropped.
    sources[1].emit(5, 'gate_started', { gate_id: 'G1' });
    sources[1].emit(6, 'gate_passed', { gate_id: 'G1' });
    sources[1].emit(7, 'gate_started', { gate_id: 'G2' });
    expect(received.map((e) => e.id)).toEqual([5, 6, 7]);
    expect(client.lastEventId).toBe(7);
  });

  it('does not deliver again what the snapshot already held', async () => {
    const { client, sources, received } = setUp({ lastEventId: 10 });
    client.start();
    await settle();
    sources[0].emit(9, 'gate_passed', { gate_id: 'G1' });
    sources[0].emit(10, 'gate_started', { gate_id: 'G2' });
    sources[0].emit(11, 'gate_passed', { gate_id: 'G2' });
    expect(received.map((e) => e.id)).toEqual([11]);
  });

  it('backs off exponentially while the server stays unreachable, and resets once connected', async () => {
    const { client, sources, timers } = setUp();
    client.start();
    await settle();
    for (let i = 0; i < 4; i++) {
      sources.at(-1)?.drop();
      timers.at(-1)?.callback();
      await settle();
    }
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000, 4000, 8000]);
    sources.at(-1)?.open();
    sources.at(-1)?.drop();
    expect(timers.at(-1)?.ms).toBe(1000);
  });

  it('retries when the stream token cannot be fetched', async () => {
    const { client, sources, timers, states } = setUp({ failTokens: 2 });
    client.start();
    await settle();
    expect(sources).toEqual([]);
    expect(states).toEqual(['connecting', 'reconnecting']);
    timers.shift()?.callback();
    await settle();
    timers.shift()?.callback();
    await settle();
    expect(sources.map((s) => s.url)).toEqual(['/api/runs/run-1/stream?token=token-1&last_event_id=0']);
  });

  it('reconnects at once when the browser comes back online, and stops listening once stopped', async () => {
    const { client, sources, timers, online } = setUp();
    client.start();
    await settle();
    sources[0].drop();
    expect(timers).toHaveLength(1);
    online.listener?.();
    await settle();
    expect(sources).toHaveLength(2);
    client.stop();
    expect(online.listener).toBeNull();
  });

  it('ignores a stale connection’s events and stops for good when asked', async () => {
    const { client, sources, received, states } = setUp();
    client.start();
    await settle();
    const old = sources[0];
    old.open();
    old.drop();
    client.reconnectNow();
    await settle();
    old.emit(9, 'gate_started', { gate_id: 'G1' });
    expect(received).toEqual([]);
    client.stop();
    expect(sources[1].closed).toBe(true);
    expect(states.at(-1)).toBe('closed');
  });

  it('still delivers an older event that arrives late, but never one twice', async () => {
    const { client, sources, received } = setUp();
    client.start();
    await settle();
    sources[0].emit(8, 'gate_passed', { gate_id: 'G1' });
    sources[0].emit(7, 'gate_started', { gate_id: 'G1' });
    sources[0].emit(8, 'gate_passed', { gate_id: 'G1' });
    expect(received.map((e) => e.id)).toEqual([8, 7]);
    expect(client.lastEventId).toBe(8);
  });

  it('delivers every live-only message (streamed model text has no id), even after an event with an id', async () => {
    const { client, sources, received } = setUp();
    client.start();
    await settle();
    sources[0].emit(3, 'gate_started', { gate_id: 'G1' });
    sources[0].emit(null, 'gate_output', { text: 'Hel' });
    sources[0].emit(null, 'gate_output', { text: 'lo' });
    expect(received.map((e) => `${e.id}:${e.payload['text'] ?? ''}`)).toEqual(['3:', 'null:Hel', 'null:lo']);
    expect(client.lastEventId).toBe(3);
  });

  it('skips junk messages', async () => {
    const { client, sources, received } = setUp();
    client.start();
    await settle();
    sources[0].dispatch('gate_started', 'not json');
    sources[0].dispatch('gate_started', '[1,2]');
    expect(received).toEqual([]);
  });

  it('remembers a bounded number of ids on a long-lived stream', async () => {
    const { client, sources, received } = setUp();
    client.start();
    await settle();
    for (let id = 1; id <= 6000; id++) sources[0].emit(id, 'gate_passed');
    // A replay of recent and of long-forgotten ids is still dropped.
    sources[0].emit(5999, 'gate_passed');
    sources[0].emit(10, 'gate_passed');
    expect(received).toHaveLength(6000);
  });
});
