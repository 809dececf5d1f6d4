import { BRIEF, openRunStream, registerUser, startRun, waitForRun, type Auth } from './ops-support/client';
import { createOpsStack, waitFor, type OpsProcess, type OpsStack } from './ops-support/stack';

interface AttemptRow {
  gate_id: string;
  attempt_number: number;
  status: string;
  fail_codes: string[];
  worker_id: string | null;
}


// Processes start and runs go through a real queue: allow for a busy CI machine.
jest.setTimeout(150_000);

/**
 * Graceful shutdown of the production processes: a worker stopped with SIGTERM in the middle of a gate either
 * finishes the attempt within WORKER_SHUTDOWN_GRACE_MS or hands it back to the queue; either way the run completes
 * on another worker with every attempt recorded once. An API stopped with SIGTERM ends its event streams cleanly
 * and exits instead of waiting for them.
 */
describe('Operations: graceful shutdown', () => {
  let stack: OpsStack;
  let api: OpsProcess;
  let user: { auth: Auth };

  beforeAll(async () => {
    // Recovery is quick here so a lost job would show as a delay, never as a hang of the suite.
    stack = await createOpsStack({ WORKER_LEASE_MS: '5000', WORKER_RECOVERY_INTERVAL_MS: '1000' });
    api = await stack.startApi();
    user = await registerUser(api.url);
  }, 240_000);
  afterAll(() => stack?.close(), 60_000);

  const attemptsOf = (runId: string) =>
    stack.db.query<AttemptRow>(
      'SELECT gate_id, attempt_number, status, fail_codes, worker_id FROM gate_executions WHERE run_id = $1 ORDER BY gate_order, attempt_number',
      [runId],
    );

  /** The first attempt running on `worker` for a while (so SIGTERM lands mid-gate). */
  const runningOn = (runId: string, worker: OpsProcess) =>
    waitFor(`an attempt running on worker ${worker.pid}`, async () => {
      const rows = await stack.db.query<AttemptRow>(
        `SELECT gate_id, attempt_number, status, fail_codes, worker_id FROM gate_executions
         WHERE run_id = $1 AND status = 'running' AND started_at < now() - interval '250 milliseconds'`,
        [runId],
      );
      return rows.find((row) => row.worker_id?.endsWith(`:${worker.pid}`));
    }, 60_000, 50);

  const expectEveryGatePassedOnce = (attempts: AttemptRow[]) => {
    const keys = attempts.map((a) => `${a.gate_id}#${a.attempt_number}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(attempts.map((a) => [a.gate_id, a.attempt_number, a.status])).toEqual(BRIEF.gates.map((gate) => [gate, 1, 'passed']));
  };

  it('a worker stopped mid-gate finishes the attempt within its grace period; the run completes on another worker', async () => {
    const leaving = await stack.startWorker({ ESY_SIMULATOR_LATENCY_MS: '600', WORKER_SHUTDOWN_GRACE_MS: '30000' });
    const runId = await startRun(api.url, user.auth);
    const victim = await runningOn(runId, leaving);

    const began = Date.now();
    const exit = await leaving.stop(45_000);
    expect(exit.signal).not.toBe('SIGKILL');
    expect(Date.now() - began).toBeLessThan(30_000);
    // The attempt in flight finished on the leaving worker and was recorded as it.
    const afterStop = await attemptsOf(runId);
    expect(afterStop.find((a) => a.gate_id === victim.gate_id && a.attempt_number === victim.attempt_number)).toMatchObject({
      status: 'passed',
      worker_id: victim.worker_id,
    });
    expect(afterStop.filter((a) => a.status === 'running')).toEqual([]);
    expect(leaving.stdout).toMatch(/Stopping on SIGTERM: 1 attempt\(s\) running/);

    const next = await stack.startWorker();
    const detail = await waitForRun(api.url, user.auth, runId);
    expect(detail.run.status).toBe('completed');
    expectEveryGatePassedOnce(await attemptsOf(runId));
    await next.stop();
  });

  it('a worker whose grace period runs out hands the attempt back; it runs again elsewhere, recorded once', async () => {
    const leaving = await stack.startWorker({ ESY_SIMULATOR_LATENCY_MS: '1500', WORKER_SHUTDOWN_GRACE_MS: '200' });
    const runId = await startRun(api.url, user.auth);
    const victim = await runningOn(runId, leaving);

    const exit = await leaving.stop(45_000);
    expect(exit.signal).not.toBe('SIGKILL');
    // No other worker runs yet: what the leaving worker did not finish waits in the queue, nothing is lost.
    expect(leaving.stdout).toContain(`Handed back 1 attempt(s): ${runId}/${victim.gate_id}#${victim.attempt_number}`);
    const handedBack = (await attemptsOf(runId)).find((a) => a.gate_id === victim.gate_id && a.attempt_number === victim.attempt_number);
    expect(handedBack?.status).toBe('pending');

    const rescuer = await stack.startWorker();
    const detail = await waitForRun(api.url, user.auth, runId);
    expect(detail.run.status).toBe('completed');
    const attempts = await attemptsOf(runId);
    expectEveryGatePassedOnce(attempts);
    // The handed-back attempt is the same row, finished by the new worker; nothing failed with WORKER_LOST.
    expect(attempts.find((a) => a.gate_id === victim.gate_id)?.worker_id).toMatch(new RegExp(`:${rescuer.pid}$`));
    expect(attempts.flatMap((a) => a.fail_codes)).toEqual([]);
    // Its artifacts were stored once, by the attempt that completed.
    const artifacts = await stack.db.query<{ n: number; distinct_paths: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT file_path)::int AS distinct_paths FROM artifacts WHERE run_id = $1 AND gate_id = $2',
      [runId, victim.gate_id],
    );
    expect(artifacts[0].n).toBe(artifacts[0].distinct_paths);
    await rescuer.stop();
  });

  it('an API stopped with SIGTERM ends its open event streams cleanly and exits; the run goes on', async () => {
    const worker = await stack.startWorker({ ESY_SIMULATOR_LATENCY_MS: '200' });
    const leavingApi = await stack.startApi();
    const runId = await startRun(api.url, user.auth);
    const stream = await openRunStream(leavingApi.url, user.auth, runId);
    await waitFor('the first events on the stream', async () => stream.events.length > 0, 30_000, 50);

    const began = Date.now();
    const exit = await leavingApi.stop(30_000);
    expect(exit.signal).not.toBe('SIGKILL');
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(await stream.finished(5000)).toBe('ended');
    expect(stream.raw).toContain(': server shutting down, reconnect');
    await expect(fetch(`${leavingApi.url}/api/health`)).rejects.toThrow();

    // A client reconnecting to the other API with Last-Event-ID gets the rest, and the run completes.
    const seen = stream.events.filter((e) => e.id !== null);
    const lastId = seen[seen.length - 1].id!;
    const resumed = await openRunStream(api.url, user.auth, runId, lastId);
    const detail = await waitForRun(api.url, user.auth, runId);
    expect(detail.run.status).toBe('completed');
    await resumed.finished();
    const ids = [...seen, ...resumed.events.filter((e) => e.id !== null)].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(resumed.events[resumed.events.length - 1].event).toBe('run_completed');
    await worker.stop();
  });
});
