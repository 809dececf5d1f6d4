import { FAIL_CODES } from '../../core/engine/fail-codes';
import { failCodeForError, infraRetryDecision, isInfrastructureFailure } from '../../core/engine/attempt-policy';
import type { GateAttemptSummary } from '../../core/engine/ports';
import { ModelCallError } from '../../core/models/model-adapter';
import { recoverExpiredAttempts, resumeRun, startRun } from '../../core/engine/run-lifecycle';
import { gate, scriptedEngine } from './support/scripted-engine';

const admin = { id: 'admin-1', display: 'Ada Admin' };
const failed = (failCodes: string[]) => ({ status: 'failed' as const, failCodes });
const connectionRefused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** Issue 19: infrastructure failures are retried under their own budget and never cost the gate an attempt. */
describe('infrastructure failures', () => {
  it('never escalate the model and never count toward max_attempts; quality failures still do both', async () => {
    const outcomes = [failed([FAIL_CODES.PROVIDER_UNAVAILABLE, 'MISSING_ARTIFACT']), failed([FAIL_CODES.STORAGE_UNAVAILABLE]), failed(['VALIDATION_FAILED']), failed([FAIL_CODES.WORKER_LOST]), {}];
    const t = scriptedEngine([gate('G1', { max_attempts: 2 })], ({ attempt }) => outcomes[attempt.attemptNumber - 1]);
    t.store.insertRun({ ...(await t.store.getRun(t.run.id))!, id: 'run-esc', workflow: { ...t.run.workflow, qa_config: { escalate_on_retry: true } } });
    await startRun(t.deps, 'run-esc');
    await t.settle();

    expect((await t.store.getRun('run-esc'))!.status).toBe('completed');
    const attempts = await t.store.listAttempts('run-esc');
    expect(attempts.map((a) => [a.attemptNumber, a.status, a.trigger, a.escalation, a.maxAttempts])).toEqual([
      [1, 'failed', 'initial', 0, 2],
      [2, 'failed', 'infra_retry', 0, 3],
      // the only quality failure: its retry goes one tier up and is the last quality attempt of two
      [3, 'failed', 'infra_retry', 0, 4],
      [4, 'failed', 'retry', 1, 4],
      [5, 'passed', 'infra_retry', 1, 5],
    ]);
    expect(attempts.map(isInfrastructureFailure)).toEqual([true, true, false, true, false]);
    const retrying = t.events.events.filter((e) => e.type === 'gate_retrying').map((e) => [e.payload.attempt_number, e.payload.infrastructure ?? false, e.payload.escalation]);
    expect(retrying).toEqual([[2, true, 0], [3, true, 0], [4, false, 1], [5, true, 1]]);
    const failedEvents = t.events.events.filter((e) => e.type === 'gate_failed').map((e) => e.payload.infrastructure);
    expect(failedEvents).toEqual([true, true, false, true]);
  });

  it('back off exponentially (capped), and a run whose gate spends the budget pauses with INFRA_RETRIES_EXHAUSTED until resumed', async () => {
    let healthy = false;
    const t = scriptedEngine([gate('G1'), gate('G2', { max_attempts: 1 })], ({ gate: g }) => (g.gate === 'G2' && !healthy ? failed([FAIL_CODES.WORKER_LOST]) : {}));
    t.deps.settings.infraRetry = { ...t.deps.settings.infraRetry, limit: 4 };
    await startRun(t.deps, t.run.id);
    await t.settle();

    let run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('paused');
    expect(run.pauseReason).toBe(
      'INFRA_RETRIES_EXHAUSTED: G2 Gate G2 lost 5 attempts to infrastructure (WORKER_LOST) within 30 min; the gate itself did not fail — resume once the platform is healthy',
    );
    const paused = t.events.events.find((e) => e.type === 'run_paused')!;
    expect(paused.payload).toMatchObject({ gate_id: 'G2', fail_code: 'INFRA_RETRIES_EXHAUSTED' });
    const delays = t.events.events.filter((e) => e.type === 'gate_retrying').map((e) => e.payload.delay_ms);
    expect(delays).toEqual([2, 4, 8, 16]);
    expect((await t.store.listAttempts(t.run.id)).filter((a) => a.gateId === 'G2').every((a) => a.escalation === 0)).toBe(true);

    healthy = true;
    await resumeRun(t.deps, { runId: t.run.id, actor: admin, reason: 'Redis is back' });
    await t.settle();
    run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('completed');
    const last = (await t.store.listAttempts(t.run.id)).at(-1)!;
    expect(last).toMatchObject({ gateId: 'G2', attemptNumber: 6, trigger: 'resume', status: 'passed', maxAttempts: 6 });
  });

  it('an error thrown by a lost database connection is STORAGE_UNAVAILABLE and retried; any other thrown error is the gate’s', async () => {
    const t = scriptedEngine([gate('G1', { max_attempts: 1 })], ({ attempt }) => {
      if (attempt.attemptNumber === 1) throw connectionRefused();
      if (attempt.attemptNumber === 2) throw new Error('contract file is not valid YAML');
      return {};
    });
    await startRun(t.deps, t.run.id);
    await t.settle();
    const attempts = await t.store.listAttempts(t.run.id);
    expect(attempts.map((a) => [a.attemptNumber, a.failCodes])).toEqual([[1, ['STORAGE_UNAVAILABLE']], [2, ['CONTRACT_ERROR']]]);
    const run = (await t.store.getRun(t.run.id))!;
    expect(run.status).toBe('paused');
    expect(run.pauseReason).toBe('G1 Gate G1 failed 1 of 1 attempt: CONTRACT_ERROR (and 1 lost to infrastructure, not counted)');
  });

  it('keep what a killed attempt spent: the rounds it completed stay recorded on the WORKER_LOST attempt and in the run total', async () => {
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const t = scriptedEngine([gate('G1')], async ({ attempt, onProgress }) => {
      if (attempt.attemptNumber > 1) return {};
      onProgress?.({ agentSlug: 'writer', modelId: 'claude-sonnet-4', modelProvider: 'anthropic', rawOutput: { partial: true, agents: [{ rounds: [{ round: 1 }] }] }, tokensIn: 1200, tokensOut: 300, costUsd: '0.0081', simulated: false });
      await hung; // the worker "dies" here: this execution never records anything again
      return {};
    });
    await startRun(t.deps, t.run.id);
    const ref = { runId: t.run.id, gateId: 'G1', attemptNumber: 1 };
    await waitUntil(async () => (await t.store.getAttempt(ref))?.tokensIn === 1200);
    t.store.expireLease(ref, new Date(Date.now() - 1));
    expect(await recoverExpiredAttempts(t.deps)).toBe(1);
    await waitUntil(async () => (await t.store.getRun(t.run.id))?.status === 'completed');
    release();

    const lost = (await t.store.getAttempt(ref))!;
    expect(lost).toMatchObject({ status: 'failed', failCodes: ['WORKER_LOST'], tokensIn: 1200, tokensOut: 300, costUsd: '0.0081', modelId: 'claude-sonnet-4' });
    expect(lost.rawOutput).toEqual({ partial: true, agents: [{ rounds: [{ round: 1 }] }] });
    // the lost attempt's spend plus the retry's 0.01
    expect((await t.store.getRun(t.run.id))!.totals).toMatchObject({ tokensIn: 1300, tokensOut: 310, totalCostUsd: '0.0181' });
  });

  it('classifies thrown errors: connections (also as a cause), PostgreSQL shutdown codes, provider outages', () => {
    expect(failCodeForError(connectionRefused())).toBe('STORAGE_UNAVAILABLE');
    expect(failCodeForError(new Error('query failed', { cause: new Error('Connection terminated unexpectedly') }))).toBe('STORAGE_UNAVAILABLE');
    expect(failCodeForError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe('STORAGE_UNAVAILABLE');
    expect(failCodeForError(Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }))).toBe('STORAGE_UNAVAILABLE');
    expect(failCodeForError(new ModelCallError('overloaded', 'server_error', undefined, 529))).toBe('PROVIDER_UNAVAILABLE');
    expect(failCodeForError(new ModelCallError('bad tool schema', 'bad_request', undefined, 400))).toBe('CONTRACT_ERROR');
    expect(failCodeForError(new TypeError("Cannot read properties of undefined (reading 'gate')"))).toBe('CONTRACT_ERROR');
  });

  it('count only failures within the window and since the operator last stepped in', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    const row = (attemptNumber: number, trigger: GateAttemptSummary['trigger'], failCodes: string[], completedAt: Date) =>
      ({ attemptNumber, trigger, status: 'failed', failCodes, completedAt }) as GateAttemptSummary;
    const policy = { limit: 2, windowMs: 30 * 60_000, backoffMs: 1000, backoffMaxMs: 3000 };
    const old = [row(1, 'initial', ['WORKER_LOST'], minutesAgo(50)), row(2, 'infra_retry', ['WORKER_LOST'], minutesAgo(40))];
    expect(infraRetryDecision([...old, row(3, 'infra_retry', ['WORKER_LOST'], minutesAgo(1))], now, policy)).toEqual({ retry: true, delayMs: 3000, used: 1 });
    const recent = [row(1, 'initial', ['WORKER_LOST'], minutesAgo(3)), row(2, 'infra_retry', ['WORKER_LOST'], minutesAgo(2))];
    expect(infraRetryDecision([...recent, row(3, 'infra_retry', ['STORAGE_UNAVAILABLE'], minutesAgo(1))], now, policy)).toEqual({ retry: false, used: 3 });
    expect(infraRetryDecision([...recent, row(3, 'resume', ['STORAGE_UNAVAILABLE'], minutesAgo(1))], now, policy)).toEqual({ retry: true, delayMs: 1000, used: 1 });
    // a quality failure in between restarts the back-off, not the budget
    expect(infraRetryDecision([...recent, row(3, 'infra_retry', ['VALIDATION_FAILED'], minutesAgo(1)), row(4, 'retry', ['WORKER_LOST'], now)], now, policy)).toEqual({ retry: false, used: 3 });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
