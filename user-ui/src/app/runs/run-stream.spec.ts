import type { RunStreamEvent } from './run-events';
import { RunStream, type EventSourceLike, type StreamConnection } from './run-stream';

/** A controllable stand-in for the browser's EventSource. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
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
  emit(id: number, type: string, payload: object = {}): void {
    const message = new MessageEvent<string>(type, { data: JSON.stringify(payload), lastEventId: String(id) });
    for (const listener of this.listeners.get(type) ?? []) listener(message);
  }
  drop(): void {
    this.onerror?.(new Event('error'));
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function setUp(lastEventId = 0) {
  const sources: FakeSource[] = [];
  const received: RunStreamEvent[] = [];
  const states: StreamConnection[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  let tokens = 0;
  const stream = new RunStream({
    runId: 'run-1',
    lastEventId,
    fetchToken: async () => `token-${++tokens}`,
    streamUrl: (runId, token, last) => `/api/runs/${runId}/stream?token=${token}&last_event_id=${last}`,
    openEventSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    onEvent: (event) => received.push(event),
    onConnection: (state) => states.push(state),
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => undefined,
  });
  return { stream, sources, received, states, timers };
}

describe('RunStream', () => {
  it('connects with a fresh token and delivers events in order', async () => {
    const { stream, sources, received, states } = setUp();
    stream.start();
    await settle();
    expect(sources[0].url).toBe('/api/runs/run-1/stream?token=token-1&last_event_id=0');
    sources[0].open();
    sources[0].emit(5, 'gate_started', { gate_id: 'G1' });
    sources[0].emit(6, 'gate_passed', { gate_id: 'G1' });
    expect(received.map((e) => `${e.id}:${e.type}:${e.payload.gate_id}`)).toEqual(['5:gate_started:G1', '6:gate_passed:G1']);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('after a network loss reconnects with a new token from the last event id, without losing or repeating events', async () => {
    const { stream, sources, received, timers, states } = setUp(4);
    stream.start();
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
    expect(stream.lastEventId).toBe(7);
  });

  it('backs off exponentially while the server stays unreachable, and resets once connected', async () => {
    const { stream, sources, timers } = setUp();
    stream.start();
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

  it('ignores a stale connection’s events and stops for good when asked', async () => {
    const { stream, sources, received, states } = setUp();
    stream.start();
    await settle();
    const old = sources[0];
    old.open();
    old.drop();
    stream.reconnectNow();
    await settle();
    old.emit(9, 'gate_started', { gate_id: 'G1' });
    expect(received).toEqual([]);
    stream.stop();
    expect(sources[1].closed).toBe(true);
    expect(states.at(-1)).toBe('closed');
  });

  it('still delivers an older event that arrives late, but never one twice', async () => {
    const { stream, sources, received } = setUp();
    stream.start();
    await settle();
    sources[0].emit(8, 'gate_passed', { gate_id: 'G1' });
    sources[0].emit(7, 'gate_started', { gate_id: 'G1' });
    sources[0].emit(8, 'gate_passed', { gate_id: 'G1' });
    expect(received.map((e) => e.id)).toEqual([8, 7]);
    expect(stream.lastEventId).toBe(8);
  });

  it('skips heartbeats and messages without an id', async () => {
    const { stream, sources, received } = setUp();
    stream.start();
    await settle();
    sources[0].emit(Number.NaN, 'gate_started', {});
    expect(received).toEqual([]);
  });
});
