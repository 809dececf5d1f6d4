import { registerUser, type Session } from '../support';
import { createRun, specIdOf, startRunsHarness, waitFor, waitForRun, type RunsHarness } from './support';

/**
 * A worker process killed (SIGKILL: no shutdown hooks) in the middle of a gate loses no run: its attempt's lease
 * expires, a new worker fails it with WORKER_LOST and retries it; the redelivered Bull job of the dead attempt does
 * nothing; nothing is left `running` and no attempt exists twice.
 */
describe('Runs: a worker killed mid-gate', () => {
  let h: RunsHarness;
  let owner: Session;
  let specId: string;

  beforeAll(async () => {
    h = await startRunsHarness({
      workers: 0,
      env: { WORKER_LEASE_MS: '1500', WORKER_RECOVERY_INTERVAL_MS: '500' },
    });
    owner = await registerUser(h.t.http);
    specId = await specIdOf(h.t.http, owner.auth);
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  it('the run completes on a new worker, with no duplicated attempt and none left running', async () => {
    // The first worker's model is slow: each round takes a second, so a gate is surely in flight when it dies.
    const doomed = await h.startWorker({ ESY_SIMULATOR_LATENCY_MS: '1000' });
    const { id: runId } = await createRun(h.t.http, owner.auth, specId);
    const victim = await waitFor(
      'G2 to be running on the first worker',
      async () => {
        const rows = await h.db.query<{ gate_id: string; attempt_number: number; worker_id: string }>(
          `SELECT gate_id, attempt_number, worker_id FROM gate_executions
           WHERE run_id = $1 AND gate_id = 'G2' AND status = 'running' AND started_at < now() - interval '300 milliseconds'`,
          [runId],
        );
        return rows[0];
      },
      60_000,
    );
    expect(victim.worker_id).toContain(`:${doomed.pid}`);
    await doomed.kill();

    // Nothing can move while no worker runs: the attempt stays claimed by the dead process.
    const stuck = await h.db.query<{ status: string }>(`SELECT status FROM gate_executions WHERE run_id = $1 AND gate_id = 'G2' AND attempt_number = 1`, [runId]);
    expect(stuck[0].status).toBe('running');

    const rescuer = await h.startWorker();
    const detail = await waitForRun(h.t.http, owner.auth, runId, ['completed', 'paused', 'failed'], 90_000);
    expect(detail.run.status).toBe('completed');

    const attempts = await h.db.query<{ gate_id: string; attempt_number: number; status: string; fail_codes: string[]; worker_id: string | null; trigger: string }>(
      'SELECT gate_id, attempt_number, status, fail_codes, worker_id, "trigger" FROM gate_executions WHERE run_id = $1 ORDER BY gate_order, attempt_number',
      [runId],
    );
    expect(attempts.filter((a) => a.status === 'running' || a.status === 'pending')).toEqual([]);
    const keys = attempts.map((a) => `${a.gate_id}#${a.attempt_number}`);
    expect(new Set(keys).size).toBe(keys.length);
    const g2 = attempts.filter((a) => a.gate_id === 'G2');
    expect(g2.map((a) => [a.attempt_number, a.status])).toEqual([[1, 'failed'], [2, 'passed']]);
    expect(g2[0].fail_codes).toEqual(['WORKER_LOST']);
    // Lost to infrastructure: retried outside the gate's two quality attempts (issue 19).
    expect(g2[1].trigger).toBe('infra_retry');
    // Every other gate ran exactly once and passed.
    for (const gate of ['G1', 'G3', 'G5', 'G6']) {
      expect({ gate, runs: attempts.filter((a) => a.gate_id === gate).map((a) => a.status) }).toEqual({ gate, runs: ['passed'] });
    }
    // The dead worker's attempt recorded nothing after it died: its files came from the retry only.
    const files = await h.db.query<{ attempt_number: number }>(
      `SELECT g.attempt_number FROM artifacts a JOIN gate_executions g ON g.id = a.gate_execution_id WHERE a.run_id = $1 AND a.gate_id = 'G2'`,
      [runId],
    );
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.attempt_number === 2)).toBe(true);
    expect(rescuer.output()).toContain('WORKER_LOST');
  }, 180_000);
});
