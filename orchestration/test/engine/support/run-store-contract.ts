import type { AttemptCompletion, NewAttempt, RunSnapshot, RunStore } from '../../../core/engine/ports';

/**
 * The behaviour every RunStore must have, as Jest tests. The CLI's MemoryRunStore runs them here; the server's
 * PgRunStore runs the same function against a fresh PostgreSQL database (backend/test/runs/pg-run-store.spec.ts).
 * `makeStore` returns a fresh store that already holds `run` (the tests create its attempts).
 */
export function runStoreContract(name: string, makeStore: (run: RunSnapshot) => Promise<RunStore>, cleanup?: () => Promise<void>): void {
  const run: RunSnapshot = {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'pending',
    workflow: { workflow: 'store-contract', version: '1.0.0', gates: [{ gate: 'G1', name: 'One', phase: 'research', agent: 'a' }, { gate: 'G2', name: 'Two', phase: 'audit', agent: 'a' }] },
    intent: { word: 'ledger' },
    mode: 'historical',
    depth: 'quick',
    slug: 'ledger',
    budgetUsd: '5.00',
    modelOverride: null,
    currentGate: null,
    pauseReason: null,
    totals: { totalGates: 2, passedGates: 0, failedGates: 0, skippedGates: 0, tokensIn: 0, tokensOut: 0, totalCostUsd: '0.00' },
    simulated: false,
    startedAt: null,
    completedAt: null,
  };
  const attempt = (gateId: string, attemptNumber: number, extra: Partial<NewAttempt> = {}): NewAttempt => ({
    runId: run.id,
    gateId,
    attemptNumber,
    gateName: gateId === 'G1' ? 'One' : 'Two',
    phase: gateId === 'G1' ? 'research' : 'audit',
    gateOrder: gateId === 'G1' ? 1 : 2,
    maxAttempts: 3,
    trigger: 'initial',
    status: 'pending',
    ...extra,
  });
  const completion = (extra: Partial<AttemptCompletion> = {}): AttemptCompletion => ({
    status: 'passed',
    agentSlug: 'a',
    modelId: 'claude-sonnet-4',
    modelProvider: 'simulator',
    promptPacket: { agents: [{ system: 'S', user: 'U' }] },
    rawOutput: { agents: [{ rounds: [{ round: 1 }] }] },
    validationResults: { outcome: 'pass', results: [] },
    failCodes: [],
    tokensIn: 1200,
    tokensOut: 300,
    costUsd: '0.0081',
    durationMs: 42,
    simulated: true,
    routing: [{ agentSlug: 'a', modelId: 'claude-sonnet-4', provider: 'simulator', rule: 'tier_default', tier: 'mid', escalation: 0 }],
    completedAt: new Date('2026-01-01T00:00:10Z'),
    ...extra,
  });
  const at = new Date('2026-01-01T00:00:00Z');

  describe(`RunStore contract: ${name}`, () => {
    let store: RunStore;
    beforeEach(async () => {
      store = await makeStore(structuredClone(run));
    });
    if (cleanup) afterEach(cleanup);

    it('reads the run back, and a conditional update applies only from the expected statuses', async () => {
      expect(await store.getRun(run.id)).toMatchObject({ id: run.id, status: 'pending', depth: 'quick', budgetUsd: '5.00' });
      expect(await store.getRunStatus(run.id)).toBe('pending');
      expect(await store.updateRun(run.id, { status: 'running' }, ['paused'])).toBe(false);
      expect(await store.updateRun(run.id, { status: 'running', startedAt: at }, ['pending'])).toBe(true);
      expect(await store.updateRun(run.id, { status: 'running' }, ['pending'])).toBe(false);
      expect(await store.getRunStatus(run.id)).toBe('running');
      expect(await store.getRunStatus('00000000-0000-4000-8000-00000000ffff')).toBeNull();
    });

    it('creates an attempt once per (run, gate, attempt number)', async () => {
      const first = await store.createAttempt(attempt('G1', 1), at);
      const again = await store.createAttempt(attempt('G1', 1, { trigger: 'retry' }), at);
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.attempt.id).toBe(first.attempt.id);
      expect(again.attempt.trigger).toBe('initial');
      expect(await store.listAttempts(run.id)).toHaveLength(1);
    });

    it('lets exactly one claimant take a pending attempt, and only the holder renew its lease', async () => {
      const { attempt: a } = await store.createAttempt(attempt('G1', 1), at);
      const lease = new Date(at.getTime() + 60_000);
      const claims = await Promise.all([
        store.claimAttempt(a.id, { workerId: 'w1', leaseExpiresAt: lease, startedAt: at }),
        store.claimAttempt(a.id, { workerId: 'w2', leaseExpiresAt: lease, startedAt: at }),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const holder = claims[0] ? 'w1' : 'w2';
      const other = holder === 'w1' ? 'w2' : 'w1';
      expect(await store.renewLease(a.id, other, lease)).toBe(false);
      expect(await store.renewLease(a.id, holder, new Date(at.getTime() + 120_000))).toBe(true);
      expect(await store.getAttempt({ runId: run.id, gateId: 'G1', attemptNumber: 1 })).toMatchObject({ status: 'running', workerId: holder });
    });

    it('completes a running attempt with its artifacts once, and never a finished one', async () => {
      const { attempt: a } = await store.createAttempt(attempt('G1', 1), at);
      expect(await store.completeAttempt(a.id, completion(), [])).toBe(false); // still pending
      await store.claimAttempt(a.id, { workerId: 'w1', leaseExpiresAt: new Date(at.getTime() + 60_000), startedAt: at });
      const artifact = { path: 'notes.md', sha256: 'a'.repeat(64), sizeBytes: 5, contentType: 'text/markdown', runId: run.id, attemptId: a.id, gateId: 'G1', attemptNumber: 1, content: 'hello' };
      expect(await store.completeAttempt(a.id, completion(), [artifact])).toBe(true);
      expect(await store.completeAttempt(a.id, completion({ status: 'failed' }), [])).toBe(false);
      const stored = await store.getAttempt({ runId: run.id, gateId: 'G1', attemptNumber: 1 });
      expect(stored).toMatchObject({ status: 'passed', tokensIn: 1200, tokensOut: 300, simulated: true, modelId: 'claude-sonnet-4' });
      expect(Number(stored!.costUsd)).toBeCloseTo(0.0081, 10);
      expect(stored!.promptPacket).toEqual({ agents: [{ system: 'S', user: 'U' }] });
      expect(stored!.validationResults).toEqual({ outcome: 'pass', results: [] });
    });

    it('lists attempts in gate then attempt order, without the large bodies', async () => {
      await store.createAttempt(attempt('G2', 1), at);
      await store.createAttempt(attempt('G1', 2, { trigger: 'retry' }), at);
      await store.createAttempt(attempt('G1', 1), at);
      const list = await store.listAttempts(run.id);
      expect(list.map((a) => `${a.gateId}#${a.attemptNumber}`)).toEqual(['G1#1', 'G1#2', 'G2#1']);
      for (const item of list) expect(item).not.toHaveProperty('promptPacket');
    });

    it('records progress only on a running attempt held by the recording worker', async () => {
      if (!store.recordProgress) return; // optional: spend is then recorded with the outcome only
      const { attempt: a } = await store.createAttempt(attempt('G1', 1), at);
      const progress = { agentSlug: 'a', modelId: 'claude-sonnet-4', modelProvider: 'simulator', rawOutput: { partial: true, agents: [{ rounds: [{ round: 1 }] }] }, tokensIn: 10, tokensOut: 2, costUsd: '0.0001', simulated: true };
      expect(await store.recordProgress(a.id, 'w1', progress)).toBe(false); // still pending
      await store.claimAttempt(a.id, { workerId: 'w1', leaseExpiresAt: new Date(at.getTime() + 60_000), startedAt: at });
      expect(await store.recordProgress(a.id, 'w2', progress)).toBe(false); // not its worker
      expect(await store.recordProgress(a.id, 'w1', progress)).toBe(true);
      expect(await store.getAttempt({ runId: run.id, gateId: 'G1', attemptNumber: 1 })).toMatchObject({ tokensIn: 10, tokensOut: 2, rawOutput: progress.rawOutput });
      await store.completeAttempt(a.id, completion(), []);
      expect(await store.recordProgress(a.id, 'w1', { ...progress, tokensIn: 99 })).toBe(false); // finished: the outcome stands
      expect(await store.getAttempt({ runId: run.id, gateId: 'G1', attemptNumber: 1 })).toMatchObject({ tokensIn: 1200 });
    });

    it('lists finished attempts with their validation results and writes, in one read', async () => {
      if (!store.listAttemptOutcomes) return; // optional: the sweep falls back to getAttempt
      const { attempt: g1 } = await store.createAttempt(attempt('G1', 1), at);
      await store.createAttempt(attempt('G2', 1), at); // pending: not listed
      await store.claimAttempt(g1.id, { workerId: 'w1', leaseExpiresAt: new Date(at.getTime() + 60_000), startedAt: at });
      const writes = [{ path: 'notes.md', bytes: 5 }];
      await store.completeAttempt(g1.id, completion({ rawOutput: { agents: [{ rounds: [{ round: 1 }] }], writes } }), []);
      const outcomes = await store.listAttemptOutcomes(run.id);
      expect(outcomes.map((a) => `${a.gateId}#${a.attemptNumber}:${a.status}`)).toEqual(['G1#1:passed']);
      expect(outcomes[0]).toMatchObject({ validationResults: { outcome: 'pass', results: [] }, rawOutput: { writes }, promptPacket: null });
    });

    it('applies a conditional attempt update only from the expected statuses', async () => {
      const { attempt: a } = await store.createAttempt(attempt('G1', 1), at);
      expect(await store.updateAttempt(a.id, { status: 'skipped', statusReason: 'x' }, ['failed'])).toBe(false);
      expect(await store.updateAttempt(a.id, { status: 'skipped', statusReason: 'not needed', overriddenBy: 'admin' }, ['pending'])).toBe(true);
      expect(await store.getAttempt({ runId: run.id, gateId: 'G1', attemptNumber: 1 })).toMatchObject({ status: 'skipped', statusReason: 'not needed', overriddenBy: 'admin' });
    });

    it('finds running attempts whose lease has expired, and only those', async () => {
      const { attempt: a } = await store.createAttempt(attempt('G1', 1), at);
      const { attempt: b } = await store.createAttempt(attempt('G2', 1), at);
      await store.claimAttempt(a.id, { workerId: 'w1', leaseExpiresAt: new Date(at.getTime() + 1_000), startedAt: at });
      await store.claimAttempt(b.id, { workerId: 'w2', leaseExpiresAt: new Date(at.getTime() + 60_000), startedAt: at });
      expect(await store.listExpiredAttempts(new Date(at.getTime() + 30_000), 10)).toEqual([{ runId: run.id, gateId: 'G1', attemptNumber: 1 }]);
    });

    it('records operator actions', async () => {
      await expect(
        store.recordOperatorAction({ runId: run.id, gateId: 'G1', attemptId: null, action: 'skip', actor: { id: 'admin' }, reason: 'not needed', details: { previous_status: 'failed' }, at }),
      ).resolves.toBeUndefined();
    });
  });
}
