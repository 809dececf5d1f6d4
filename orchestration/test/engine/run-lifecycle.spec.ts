import {
  approveGate,
  cancelRun,
  createAndStartRun,
  executeAttempt,
  LifecycleError,
  recoverExpiredAttempts,
  rerunGate,
  resumeRun,
  skipGate,
  startRun,
} from '../../core/engine/run-lifecycle';
import { gate, scriptedEngine } from './support/scripted-engine';

const admin = { id: 'admin-1', display: 'Ada Admin' };
const statuses = (attempts: Array<{ gateId: string; attemptNumber: number; status: string }>) =>
  attempts.map((a) => `${a.gateId}#${a.attemptNumber}:${a.status}`);

describe('run lifecycle', () => {
  it('runs every gate in order and completes, with totals from the attempts', async () => {
    const t = scriptedEngine([gate('G1'), gate('G2'), gate('G3')], () => ({}));
    await startRun(t.deps, t.run.id);
    await t.settle();
    const run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('completed');
    expect(run.totals).toEqual({ totalGates: 3, passedGates: 3, failedGates: 0, skippedGates: 0, tokensIn: 300, tokensOut: 30, totalCostUsd: '0.03', simulatedCostUsd: '0.03' });
    expect(run.simulated).toBe(true);
    expect(statuses(await t.store.listAttempts(t.run.id))).toEqual(['G1#1:passed', 'G2#1:passed', 'G3#1:passed']);
    expect(t.events.events.map((e) => e.type)).toEqual([
      'run_started',
      'gate_started', 'gate_passed',
      'gate_started', 'gate_passed',
      'gate_started', 'gate_passed',
      'run_completed',
    ]);
  });

  it('retries a failing gate, pauses when attempts are exhausted, then a rerun on another model passes and the run completes', async () => {
    const t = scriptedEngine([gate('G1'), gate('G2', { max_attempts: 3 }), gate('G3')], ({ gate: g, attempt }) =>
      g.gate === 'G2' && attempt.modelOverride !== 'claude-opus-4' ? { status: 'failed', failCodes: ['VALIDATION_FAILED', 'HEADING_MISMATCH'] } : {},
    );
    await startRun(t.deps, t.run.id);
    await t.settle();
    let run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('paused');
    expect(run.pauseReason).toBe('G2 Gate G2 failed 3 of 3 attempts: VALIDATION_FAILED, HEADING_MISMATCH');
    expect(statuses(await t.store.listAttempts(t.run.id))).toEqual(['G1#1:passed', 'G2#1:failed', 'G2#2:failed', 'G2#3:failed']);
    expect(t.events.events.filter((e) => e.type === 'gate_retrying').map((e) => e.payload.attempt_number)).toEqual([2, 3]);

    const rerun = await rerunGate(t.deps, { runId: t.run.id, gateId: 'G2', modelId: 'claude-opus-4', actor: admin, reason: 'try the top model' });
    expect(rerun).toMatchObject({ attemptNumber: 4, trigger: 'rerun', modelOverride: 'claude-opus-4' });
    await t.settle();
    run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('completed');
    expect(run.pauseReason).toBeNull();
    expect(statuses(await t.store.listAttempts(t.run.id))).toEqual(['G1#1:passed', 'G2#1:failed', 'G2#2:failed', 'G2#3:failed', 'G2#4:passed', 'G3#1:passed']);
    expect(run.totals).toMatchObject({ passedGates: 3, failedGates: 0, totalCostUsd: '0.06' });
    const [action] = t.store.actionsOf(t.run.id);
    expect(action).toMatchObject({ action: 'rerun', actor: admin, reason: 'try the top model', gateId: 'G2', details: { model_id: 'claude-opus-4', attempt_number: 4, previous_run_status: 'paused' } });
    expect(Object.prototype.toString.call(action.at)).toBe("[object Date]");
    const types = t.events.events.map((e) => e.type);
    expect(types.indexOf('run_paused')).toBeLessThan(types.indexOf('run_resumed'));
    expect(types.at(-1)).toBe('run_completed');
  });

  it('escalates the tier on automatic retries when the workflow asks for it', async () => {
    const t = scriptedEngine([gate('G1', { max_attempts: 3 })], ({ attempt }) => (attempt.attemptNumber < 3 ? { status: 'failed', failCodes: ['VALIDATION_FAILED'] } : {}));
    t.store.insertRun({ ...(await t.store.getRun(t.run.id))!, id: 'run-esc', workflow: { ...t.run.workflow, qa_config: { escalate_on_retry: true } } });
    await startRun(t.deps, 'run-esc');
    await t.settle();
    expect(t.calls.filter((c) => c.run.id === 'run-esc').map((c) => c.attempt.escalation)).toEqual([0, 1, 2]);
  });

  it('skips a gate whose condition is false, with the reason', async () => {
    const t = scriptedEngine([gate('G1'), gate('G5.7', { condition: "mode == 'data-journalism'" }), gate('G6')], () => ({}));
    await startRun(t.deps, t.run.id);
    await t.settle();
    const attempts = await t.store.listAttempts(t.run.id);
    expect(statuses(attempts)).toEqual(['G1#1:passed', 'G5.7#1:skipped', 'G6#1:passed']);
    expect(attempts[1].statusReason).toBe("condition mode == 'data-journalism' is false (mode = 'historical')");
    expect(t.calls.map((c) => c.gate.gate)).toEqual(['G1', 'G6']);
    expect(t.events.events.find((e) => e.type === 'gate_skipped')?.payload.reason).toMatch(/is false/);
    expect((await t.store.getRun(t.run.id))!.totals).toMatchObject({ passedGates: 2, skippedGates: 1 });
  });

  it('creates and starts a run in one unit of work: the first gate gets its condition and budget checks', async () => {
    const gates = [gate('G0', { condition: "mode == 'data-journalism'" }), gate('G1'), gate('G6')];
    const t = scriptedEngine(gates, () => ({}));
    const units: string[] = [];
    t.deps.unitOfWork = {
      atomically: async (work) => {
        units.push('unit');
        return work();
      },
    };
    const fresh = { ...structuredClone(t.run), id: 'run-created' };
    await createAndStartRun(t.deps, fresh);
    expect(units.length).toBeGreaterThanOrEqual(1);
    await t.settle();
    expect(statuses(await t.store.listAttempts(fresh.id))).toEqual(['G0#1:skipped', 'G1#1:passed', 'G6#1:passed']);
    expect((await t.store.getRun(fresh.id))!.status).toBe('completed');
    await expect(createAndStartRun(t.deps, { ...fresh, status: 'pending' })).rejects.toThrow(/already exists/);
  });

  it('skip and approve need a reason, are recorded, and resume a paused run', async () => {
    const t = scriptedEngine([gate('G1', { max_attempts: 1 }), gate('G2', { max_attempts: 1 }), gate('G3')], ({ gate: g }) =>
      g.gate === 'G3' ? {} : { status: 'failed', failCodes: ['MISSING_ARTIFACT'] },
    );
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect((await t.store.getRun(t.run.id))!.status).toBe('paused');

    await expect(skipGate(t.deps, { runId: t.run.id, gateId: 'G1', actor: admin, reason: '  ' })).rejects.toThrow(/reason is required/);
    await expect(approveGate(t.deps, { runId: t.run.id, gateId: 'G2', actor: admin, reason: 'x' })).rejects.toThrow(/not run yet/);

    const approved = await approveGate(t.deps, { runId: t.run.id, gateId: 'G1', actor: admin, reason: 'brief is fine, the check is too strict' });
    expect(approved).toMatchObject({ status: 'passed', overriddenBy: 'admin-1', failCodes: ['MISSING_ARTIFACT'] });
    await t.settle();
    expect((await t.store.getRun(t.run.id))!).toMatchObject({ status: 'paused', currentGate: 'G2' });

    const skipped = await skipGate(t.deps, { runId: t.run.id, gateId: 'G2', actor: admin, reason: 'not needed for this audience' });
    expect(skipped).toMatchObject({ status: 'skipped', statusReason: 'skipped by Ada Admin: not needed for this audience' });
    await t.settle();
    const run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('completed');
    expect(run.totals).toMatchObject({ passedGates: 2, skippedGates: 1, failedGates: 0 });
    expect(t.store.actionsOf(t.run.id).map((a) => [a.action, a.gateId, a.reason])).toEqual([
      ['approve', 'G1', 'brief is fine, the check is too strict'],
      ['skip', 'G2', 'not needed for this audience'],
    ]);
    expect(t.events.events.filter((e) => e.type === 'run_resumed')).toHaveLength(2);
  });

  it('cancel stops a running attempt and is recorded; cancelled runs refuse further actions', async () => {
    let release!: () => void;
    const t = scriptedEngine([gate('G1'), gate('G2')], ({ signal }) =>
      new Promise((resolve) => {
        release = () => resolve({ status: 'failed', failCodes: ['CANCELLED'] });
        signal.addEventListener('abort', () => release());
      }),
    );
    await startRun(t.deps, t.run.id);
    while (t.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    await cancelRun(t.deps, { runId: t.run.id, actor: admin, reason: 'wrong word' });
    await t.settle();
    const run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('cancelled');
    expect(statuses(await t.store.listAttempts(t.run.id))).toEqual(['G1#1:failed']);
    expect(t.store.actionsOf(t.run.id)).toMatchObject([{ action: 'cancel', reason: 'wrong word', details: { previous_status: 'running', attempts_stopped_here: 1 } }]);
    expect(t.events.events.map((e) => e.type)).toContain('run_cancelled');
    await expect(resumeRun(t.deps, { runId: t.run.id, actor: admin })).rejects.toBeInstanceOf(LifecycleError);
    await expect(cancelRun(t.deps, { runId: t.run.id, actor: admin })).rejects.toThrow(/already cancelled/);
  });

  it('resume after exhausted attempts gives the gate one more attempt; resume is recorded', async () => {
    let failures = 2;
    const t = scriptedEngine([gate('G1', { max_attempts: 2 })], () => (failures-- > 0 ? { status: 'failed', failCodes: ['VALIDATION_FAILED'] } : {}));
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect((await t.store.getRun(t.run.id))!.status).toBe('paused');
    await resumeRun(t.deps, { runId: t.run.id, actor: admin, reason: 'source site was down' });
    await t.settle();
    expect((await t.store.getRun(t.run.id))!.status).toBe('completed');
    expect(statuses(await t.store.listAttempts(t.run.id))).toEqual(['G1#1:failed', 'G1#2:failed', 'G1#3:passed']);
    expect(t.store.actionsOf(t.run.id)).toMatchObject([{ action: 'resume', reason: 'source site was down', details: { previous_pause_reason: 'G1 Gate G1 failed 2 of 2 attempts: VALIDATION_FAILED' } }]);
  });

  it('pauses with BUDGET_EXCEEDED when the run crosses its budget, and resumes with a larger one', async () => {
    const t = scriptedEngine([gate('G1'), gate('G2'), gate('G3')], () => ({ costUsd: '0.60', simulated: false }), { budgetUsd: '1.00' });
    await startRun(t.deps, t.run.id);
    await t.settle();
    let run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('paused');
    expect(run.pauseReason).toBe('BUDGET_EXCEEDED: spent 1.20 USD of a 1.00 USD budget');
    expect(statuses(await t.store.listAttempts(t.run.id))).toEqual(['G1#1:passed', 'G2#1:passed']);
    // the second attempt was only allowed what was left of the budget
    expect(t.calls.map((c) => c.remainingBudgetPico)).toEqual([1_000_000_000_000n, 400_000_000_000n]);

    await resumeRun(t.deps, { runId: t.run.id, actor: admin });
    await t.settle();
    expect((await t.store.getRun(t.run.id))!.status).toBe('paused');
    await resumeRun(t.deps, { runId: t.run.id, actor: admin, budgetUsd: '5.00' });
    await t.settle();
    run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('completed');
    expect(run.budgetUsd).toBe('5.00');
  });

  it('a budget counts real spend only: simulated attempts far over it never pause the run, and their spend is kept apart', async () => {
    const t = scriptedEngine([gate('G1'), gate('G2'), gate('G3')], (call) => ({ costUsd: '0.60', simulated: call.gate.gate !== 'G3' }), { budgetUsd: '1.00' });
    await startRun(t.deps, t.run.id);
    await t.settle();
    const run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('completed');
    expect(run.totals).toMatchObject({ totalCostUsd: '1.80', simulatedCostUsd: '1.20' });
    // Each attempt was allowed the whole budget: simulated spend is not charged against it.
    expect(t.calls.map((c) => c.remainingBudgetPico)).toEqual([1_000_000_000_000n, 1_000_000_000_000n, 1_000_000_000_000n]);
  });

  it('a BUDGET_EXCEEDED attempt pauses the run without retrying', async () => {
    const t = scriptedEngine([gate('G1')], () => ({ status: 'failed', failCodes: ['BUDGET_EXCEEDED'] }), { budgetUsd: '1.00' });
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect(statuses(await t.store.listAttempts(t.run.id))).toEqual(['G1#1:failed']);
    expect((await t.store.getRun(t.run.id))!.pauseReason).toMatch(/^BUDGET_EXCEEDED/);
  });

  it('executing a finished or running attempt again is a no-op (redelivered job)', async () => {
    const t = scriptedEngine([gate('G1'), gate('G2')], () => ({}));
    await startRun(t.deps, t.run.id);
    await t.settle();
    const ref = { runId: t.run.id, gateId: 'G1', attemptNumber: 1 };
    const before = await t.store.listAttempts(t.run.id);
    const eventsBefore = t.events.events.length;
    expect(await executeAttempt(t.deps, ref)).toEqual({ action: 'noop', reason: 'attempt already passed' });
    await t.deps.queue.enqueueAttempt(ref);
    await t.settle();
    expect(await t.store.listAttempts(t.run.id)).toEqual(before);
    expect(t.events.events.length).toBe(eventsBefore);
    expect(t.calls).toHaveLength(2);
    expect(await executeAttempt(t.deps, { ...ref, attemptNumber: 9 })).toEqual({ action: 'missing' });
  });

  it('two workers racing for the same attempt run it once', async () => {
    const t = scriptedEngine([gate('G1')], async () => {
      await new Promise((r) => setTimeout(r, 20));
      return {};
    });
    await t.deps.store.updateRun(t.run.id, { status: 'running' });
    await t.deps.store.createAttempt({ runId: t.run.id, gateId: 'G1', attemptNumber: 1, gateName: 'Gate G1', phase: 'research', gateOrder: 1, maxAttempts: 3, trigger: 'initial', status: 'pending' }, new Date());
    const ref = { runId: t.run.id, gateId: 'G1', attemptNumber: 1 };
    const results = await Promise.all([executeAttempt(t.deps, ref), executeAttempt(t.deps, ref)]);
    expect(results.map((r) => r.action).sort()).toEqual(['executed', 'noop']);
    expect(t.calls).toHaveLength(1);
  });

  it('an attempt left running by a dead worker is failed with WORKER_LOST and retried', async () => {
    const t = scriptedEngine([gate('G1'), gate('G2')], () => ({}));
    await t.deps.store.updateRun(t.run.id, { status: 'running' });
    const { attempt } = await t.deps.store.createAttempt({ runId: t.run.id, gateId: 'G1', attemptNumber: 1, gateName: 'Gate G1', phase: 'research', gateOrder: 1, maxAttempts: 3, trigger: 'initial', status: 'pending' }, new Date());
    // a worker claimed it and died: its lease ran out
    await t.store.claimAttempt(attempt.id, { workerId: 'dead-worker', leaseExpiresAt: new Date(Date.now() - 1000), startedAt: new Date(Date.now() - 60_000) });
    const ref = { runId: t.run.id, gateId: 'G1', attemptNumber: 1 };
    // while the lease is valid nothing happens
    t.store.expireLease(ref, new Date(Date.now() + 60_000));
    expect(await executeAttempt(t.deps, ref)).toEqual({ action: 'noop', reason: 'attempt is running elsewhere' });
    expect(await recoverExpiredAttempts(t.deps)).toBe(0);
    t.store.expireLease(ref, new Date(Date.now() - 1));
    expect(await recoverExpiredAttempts(t.deps)).toBe(1);
    await t.settle();
    const attempts = await t.store.listAttempts(t.run.id);
    expect(statuses(attempts)).toEqual(['G1#1:failed', 'G1#2:passed', 'G2#1:passed']);
    expect(attempts[0].failCodes).toEqual(['WORKER_LOST']);
    expect((await t.store.getRun(t.run.id))!.status).toBe('completed');
    // recovering again is a no-op
    expect(await recoverExpiredAttempts(t.deps)).toBe(0);
  });

  it('refuses operator actions the state does not allow', async () => {
    const t = scriptedEngine([gate('G1')], () => ({}));
    await expect(rerunGate(t.deps, { runId: 'nope', gateId: 'G1', actor: admin })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rerunGate(t.deps, { runId: t.run.id, gateId: 'G9', actor: admin })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rerunGate(t.deps, { runId: t.run.id, gateId: 'G1', actor: admin })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(resumeRun(t.deps, { runId: t.run.id, actor: admin })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
