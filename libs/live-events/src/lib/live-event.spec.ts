import { parseLiveEvent } from './live-event';

describe('parseLiveEvent', () => {
  it('reads the message the server writes: id, run, type, payload and time from the data', () => {
    const event = parseLiveEvent(
      { type: 'gate_failed', lastEventId: '42', data: JSON.stringify({ id: 42, run_id: 'r1', type: 'gate_failed', payload: { gate_id: 'G3' }, created_at: '2026-01-02T03:04:05.000Z' }) },
      1000,
    );
    expect(event).toEqual({ id: 42, type: 'gate_failed', runId: 'r1', payload: { gate_id: 'G3' }, createdAt: '2026-01-02T03:04:05.000Z', receivedAt: 1000 });
  });

  it('takes the type from the data for unnamed messages', () => {
    const event = parseLiveEvent({ type: 'message', lastEventId: '7', data: JSON.stringify({ id: 7, run_id: 'r1', type: 'run_paused', payload: {} }) });
    expect(event?.type).toBe('run_paused');
  });

  it('gives a live-only message no id even though the browser repeats the previous one', () => {
    const event = parseLiveEvent({ type: 'gate_output', lastEventId: '41', data: JSON.stringify({ id: null, run_id: 'r1', type: 'gate_output', payload: { text: 'x' } }) });
    expect(event?.id).toBeNull();
    expect(event?.payload).toEqual({ text: 'x' });
  });

  it('accepts a bare payload, its id from the SSE id line', () => {
    const event = parseLiveEvent({ type: 'gate_started', lastEventId: '5', data: JSON.stringify({ gate_id: 'G1' }) });
    expect(event).toMatchObject({ id: 5, type: 'gate_started', runId: null, payload: { gate_id: 'G1' } });
  });

  it('rejects what is not a JSON object', () => {
    expect(parseLiveEvent({ type: 'gate_started', lastEventId: '1', data: '{' })).toBeNull();
    expect(parseLiveEvent({ type: 'gate_started', lastEventId: '1', data: '"text"' })).toBeNull();
    expect(parseLiveEvent({ type: 'gate_started', lastEventId: '1', data: 'null' })).toBeNull();
  });
});
