import { MIGRATIONS } from '../src/database/migrations';
import { BRIEF, EventStream, expectOk, login, openRunStream, registerUser, startRun, waitForRun, type Auth } from './ops-support/client';
import { createOpsStack, type OpsProcess, type OpsStack } from './ops-support/stack';

// Processes start and runs go through a real queue: allow for a busy CI machine.
jest.setTimeout(150_000);

/**
 * Scale-out on one PostgreSQL and one Redis: two API processes and two workers, all started at the same moment on
 * an empty database. Migrations run once (advisory lock), runs started on either API complete on the two workers,
 * and a stream on either API sees every event, whichever process caused it.
 */
describe('Operations: two APIs and two workers', () => {
  let stack: OpsStack;
  let apis: OpsProcess[];
  let workers: OpsProcess[];
  let user: { auth: Auth };
  let admin: Auth;

  beforeAll(async () => {
    // One attempt at a time per worker, so both workers must take part when several runs go at once.
    stack = await createOpsStack({ WORKER_CONCURRENCY: '1', ESY_SIMULATOR_LATENCY_MS: '50' });
    const started = await Promise.all([stack.startApi(), stack.startApi(), stack.startWorker(), stack.startWorker()]);
    apis = started.slice(0, 2);
    workers = started.slice(2);
    user = await registerUser(apis[0].url);
    admin = await login(apis[1].url, stack.adminEmail, stack.secrets.adminPassword);
  }, 240_000);
  afterAll(() => stack?.close(), 60_000);

  it('applied every migration exactly once, although four processes started together', async () => {
    const rows = await stack.db.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => (m as { name: string }).name));
    const migrators = [...apis, ...workers].filter((p) => p.stdout.includes('Applied migrations:'));
    expect(migrators).toHaveLength(1);
    // Every process is up: the APIs ready, the workers processing.
    for (const api of apis) expect((await fetch(`${api.url}/api/health/ready`)).status).toBe(200);
    for (const worker of workers) expect(worker.running).toBe(true);
  });

  it('runs started on either API complete on both workers; streams on either API see every event', async () => {
    const adminToken = await expectOk(apis[1].url, 'POST', '/api/admin/events/stream-token', { auth: admin });
    const feed = await EventStream.open(`${apis[1].url}${adminToken.stream_url}`);

    const runIds = await Promise.all([0, 1, 0, 1].map((i) => startRun(apis[i].url, user.auth)));
    // Each run followed on the API that did not create it.
    const streams = await Promise.all(runIds.map((id, i) => openRunStream(apis[(i + 1) % 2].url, user.auth, id)));
    for (const id of runIds) expect((await waitForRun(apis[0].url, user.auth, id, undefined, 90_000)).run.status).toBe('completed');

    for (const [i, stream] of streams.entries()) {
      expect(await stream.finished()).toBe('ended');
      const stored = await stack.db.query<{ id: string }>(`SELECT id FROM run_events WHERE run_id = $1 ORDER BY id`, [runIds[i]]);
      // Exactly the stored events, in order, none twice (gate_output is live-only and not stored).
      expect(stream.events.filter((e) => e.id !== null).map((e) => e.id)).toEqual(stored.map((row) => Number(row.id)));
    }
    // The admin feed on the second API saw every run finish.
    const finished = () => new Set(feed.events.filter((e) => e.event === 'run_completed').map((e) => e.data.run_id));
    await waitForCondition(() => runIds.every((id) => finished().has(id)));
    feed.close();

    const attempts = await stack.db.query<{ run_id: string; gate_id: string; attempt_number: number; status: string; worker_id: string }>(
      `SELECT run_id, gate_id, attempt_number, status, worker_id FROM gate_executions WHERE run_id = ANY($1)`,
      [runIds],
    );
    expect(attempts).toHaveLength(runIds.length * BRIEF.gates.length);
    expect(attempts.every((a) => a.status === 'passed' && a.attempt_number === 1)).toBe(true);
    const workerIds = new Set(attempts.map((a) => a.worker_id.split(':').pop()));
    expect([...workerIds].sort()).toEqual(workers.map((w) => String(w.pid)).sort());
  });
});

async function waitForCondition(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
