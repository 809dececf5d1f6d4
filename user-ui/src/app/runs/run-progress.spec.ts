import type { RunStreamEvent } from './run-events';
import { applyRunEvent, applyRunEvents, currentStep, estimateRemainingMs, observedPace, progressFraction, type ProgressStep, type RunProgress } from './run-progress';

function step(gateId: string, order: number, estimateS: number | null = 60): ProgressStep {
  return { gateId, name: `${gateId} name`, phase: 'research', order, status: 'pending', attempt: 1, maxAttempts: 3, startedAt: null, durationMs: null, estimateS, eventId: 0 };
}

function fresh(): RunProgress {
  return {
    status: 'pending',
    steps: [step('G1', 0), step('G2', 1), step('G3', 2)],
    lastEventId: 0,
    baseEventId: 0,
    seenIds: new Set(),
    runEventId: 0,
    pauseReason: null,
    pausedGateId: null,
    failureReason: null,
    simulated: false,
    startedAt: null,
    completedAt: null,
  };
}

let at = 1_000;
function ev(id: number, type: string, payload: RunStreamEvent['payload'] = {}): RunStreamEvent {
  at += 1000;
  return { id, type, payload, receivedAt: at };
}
const gate = (id: string, extra: Record<string, unknown> = {}) => ({ gate_id: id, attempt_number: 1, max_attempts: 3, ...extra });
const statuses = (state: RunProgress) => state.steps.map((s) => s.status).join(' ');

describe('run progress reducer', () => {
  it('turns steps green as the run goes: G1 ✓ → G2 ● → G3 ○', () => {
    const state = applyRunEvents(fresh(), [
      ev(10, 'run_started'),
      ev(11, 'gate_started', gate('G1')),
      ev(12, 'gate_passed', gate('G1', { duration_ms: 900, simulated: true })),
      ev(13, 'gate_started', gate('G2')),
    ]);
    expect(state.status).toBe('running');
    expect(statuses(state)).toBe('passed running pending');
    expect(currentStep(state)?.gateId).toBe('G2');
    expect(state.simulated).toBe(true);
    expect(state.steps[0].durationMs).toBe(900);
    expect(progressFraction(state)).toBeCloseTo(1.5 / 3);
    expect(state.lastEventId).toBe(13);
  });

  it('applies a batch in id order even when it arrives shuffled', () => {
    const state = applyRunEvents(fresh(), [ev(13, 'gate_passed', gate('G1')), ev(11, 'run_started'), ev(12, 'gate_started', gate('G1'))]);
    expect(statuses(state)).toBe('passed pending pending');
  });

  it('ends in the same state whatever order single events arrive in (a late older event changes nothing newer)', () => {
    const events = [
      ev(1, 'run_started'),
      ev(2, 'gate_started', gate('G1')),
      ev(3, 'gate_passed', gate('G1')),
      ev(4, 'gate_started', gate('G2')),
      ev(5, 'gate_failed', gate('G2', { attempt_number: 3 })),
      ev(6, 'run_paused', { reason: 'G2 failed', gate_id: 'G2' }),
    ];
    const inOrder = events.reduce(applyRunEvent, fresh());
    for (const shuffled of [[...events].reverse(), [events[2], events[5], events[0], events[4], events[1], events[3]]]) {
      const outOfOrder = shuffled.reduce(applyRunEvent, fresh());
      expect(statuses(outOfOrder)).toBe(statuses(inOrder));
      expect(outOfOrder.status).toBe('paused');
      expect(outOfOrder.lastEventId).toBe(6);
    }
    expect(statuses(inOrder)).toBe('passed failed pending');
  });

  it('skips events the snapshot already reflects', () => {
    const snapshot = { ...fresh(), lastEventId: 20, baseEventId: 20, steps: [{ ...step('G1', 0), status: 'passed' as const }, step('G2', 1), step('G3', 2)] };
    const state = applyRunEvents(snapshot, [ev(19, 'gate_started', gate('G1')), ev(21, 'gate_started', gate('G2'))]);
    expect(statuses(state)).toBe('passed running pending');
  });

  it('ignores duplicates and stale replays after a reconnect, so nothing is applied twice or undone', () => {
    const first = applyRunEvents(fresh(), [ev(1, 'gate_started', gate('G1')), ev(2, 'gate_passed', gate('G1')), ev(3, 'gate_started', gate('G2'))]);
    // The server replays from the last id it was given; a sloppy replay resends 2 and 3 and then continues.
    const replayed = applyRunEvents(first, [ev(2, 'gate_passed', gate('G1')), ev(1, 'gate_started', gate('G1')), ev(3, 'gate_started', gate('G2'))]);
    expect(replayed).toBe(first);
    const continued = applyRunEvents(replayed, [ev(3, 'gate_started', gate('G2')), ev(4, 'gate_passed', gate('G2'))]);
    expect(statuses(continued)).toBe('passed passed pending');
  });

  it('treats a failed attempt with tries left as a retry, and the last one as a failure that pauses the run', () => {
    let state = applyRunEvents(fresh(), [ev(1, 'gate_started', gate('G1')), ev(2, 'gate_failed', gate('G1', { fail_codes: ['VALIDATION_FAILED'] }))]);
    expect(statuses(state)).toBe('retrying pending pending');
    state = applyRunEvents(state, [
      ev(3, 'gate_retrying', gate('G1', { attempt_number: 2 })),
      ev(4, 'gate_started', gate('G1', { attempt_number: 3 })),
      ev(5, 'gate_failed', gate('G1', { attempt_number: 3 })),
      ev(6, 'run_paused', { reason: 'G1 Intake failed 3 of 3 attempts: VALIDATION_FAILED', gate_id: 'G1' }),
    ]);
    expect(statuses(state)).toBe('failed pending pending');
    expect(state.status).toBe('paused');
    expect(state.pauseReason).toContain('VALIDATION_FAILED');
    expect(currentStep(state)?.gateId).toBe('G1');

    state = applyRunEvents(state, [ev(7, 'run_resumed'), ev(8, 'gate_started', gate('G1', { attempt_number: 4 })), ev(9, 'gate_passed', gate('G1'))]);
    expect(state.status).toBe('running');
    expect(state.pauseReason).toBeNull();
    expect(statuses(state)).toBe('passed pending pending');
  });

  it('finishes on run_completed, run_failed and run_cancelled', () => {
    expect(applyRunEvents(fresh(), [ev(1, 'run_completed')]).status).toBe('completed');
    expect(progressFraction(applyRunEvents(fresh(), [ev(1, 'run_completed')]))).toBe(1);
    const failed = applyRunEvents(fresh(), [ev(1, 'run_failed', { reason: 'spec could not be loaded' })]);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'spec could not be loaded' });
    expect(applyRunEvents(fresh(), [ev(1, 'run_cancelled')]).status).toBe('cancelled');
  });

  it('adds a step it did not know about in its order, and skips unknown event types', () => {
    const state = applyRunEvents(fresh(), [ev(1, 'gate_skipped', { gate_id: 'G1.5', gate_name: 'Extra', gate_order: 0.5 }), ev(2, 'gate_output', { gate_id: 'G1', text: 'hi' })]);
    expect(state.steps.map((s) => s.gateId)).toEqual(['G1', 'G1.5', 'G2', 'G3']);
    expect(state.steps[1].status).toBe('skipped');
    expect(state.lastEventId).toBe(2);
  });

  it('estimates the time left from the stage estimates, less what the running step already spent', () => {
    const state = applyRunEvents(fresh(), [ev(1, 'gate_started', gate('G1')), ev(2, 'gate_passed', gate('G1')), ev(3, 'gate_started', gate('G2'))]);
    const started = state.steps[1].startedAt ?? 0;
    expect(estimateRemainingMs(state, started + 20_000)).toBe(40_000 + 60_000);
    expect(estimateRemainingMs(state, started + 600_000)).toBe(3_000 + 60_000); // overdue: a few seconds, not negative
    const unestimated = { ...fresh(), steps: [step('G1', 0, null)] };
    expect(estimateRemainingMs(unestimated, 0)).toBeNull();
  });

  it('corrects the estimate by the pace of the steps already done', () => {
    // G1 was planned at 60 s and took 6 s: the run goes ten times faster than planned.
    const state = applyRunEvents(fresh(), [
      ev(1, 'gate_started', gate('G1')),
      ev(2, 'gate_passed', gate('G1', { duration_ms: 6_000 })),
      ev(3, 'gate_started', gate('G2')),
    ]);
    const started = state.steps[1].startedAt ?? 0;
    expect(observedPace(state.steps)).toBeCloseTo(0.1);
    expect(estimateRemainingMs(state, started + 2_000)).toBe(4_000 + 6_000);
    // Overdue by the new pace: a moment for the running step, never negative.
    expect(estimateRemainingMs(state, started + 60_000)).toBe(3_000 + 6_000);
    // A slow run is expected to stay slow, but within reason (at most ten times the plan).
    const slow = applyRunEvents(fresh(), [ev(1, 'gate_started', gate('G1')), ev(2, 'gate_passed', gate('G1', { duration_ms: 6_000_000 }))]);
    expect(observedPace(slow.steps)).toBe(10);
  });
});
