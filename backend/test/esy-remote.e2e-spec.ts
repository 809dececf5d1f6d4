import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loginAdmin, registerUser, type Session } from './support';
import { REPO_ROOT, startRunsHarness, waitForRun, type RunsHarness } from './runs/support';

const ESY = join(REPO_ROOT, 'orchestration', 'runner', 'bin', 'esy.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `esy` CLI as a subprocess against the test server. */
function esy(args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ESY, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    // A CLI that hangs must fail the test with what it printed, not outlive it.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function apiKeyOf(h: RunsHarness, session: Session, scopes?: string[]): Promise<string> {
  const response = await h.t.http
    .post('/api/auth/api-keys')
    .set(session.auth)
    .send({ name: 'esy cli', ...(scopes ? { scopes } : {}) })
    .expect(201);
  return response.body.secret as string;
}

/** `esy remote` drives a real API and worker: create and follow live over SSE, list, cancel, clear errors. */
describe('esy remote against a running server', () => {
  let h: RunsHarness;
  let user: Session;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await startRunsHarness({ env: { ESY_SIMULATOR_LATENCY_MS: '20' } });
    user = await registerUser(h.t.http);
    env = { ESY_SERVER: h.baseUrl, ESY_API_KEY: await apiKeyOf(h, user) };
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  it('lists the workflows the server offers', async () => {
    const result = await esy(['remote', 'workflows'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^etymology-essay\s+visual-essay\s+\S+/m);
  }, 60_000);

  it('creates a run and follows it live to completion', async () => {
    const result = await esy(['remote', 'create', 'etymology-essay', '--intent', 'word=serendipity', '--intent', 'angle=etymology', '--follow'], env);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).toMatch(/G1 .*passed/);
    expect(result.stderr).toMatch(/run completed/);
    expect(result.stdout).toMatch(/^run [0-9a-f-]{36} created \(serendipity-/m);
    expect(result.stdout).toMatch(/^completed: 5\/5 gates passed, \$\d+\.\d+/m);
    const runId = /^run ([0-9a-f-]{36})/m.exec(result.stdout)![1];
    const list = await esy(['remote', 'list', '--json'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).runs.map((run: { id: string; status: string }) => `${run.id}:${run.status}`)).toContain(`${runId}:completed`);
  }, 120_000);

  it('names the bad intent field and creates nothing', async () => {
    const result = await esy(['remote', 'create', 'etymology-essay', '--intent', 'word=', '--intent', 'colour=blue'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/intent\.word/);
    expect(result.stderr).toMatch(/HTTP 400/);
  }, 60_000);

  it('refuses another user’s run and a bad key with the server’s message', async () => {
    const other = await registerUser(h.t.http);
    const otherEnv = { ESY_SERVER: h.baseUrl, ESY_API_KEY: await apiKeyOf(h, other) };
    const created = await esy(['remote', 'create', 'etymology-essay', '--intent', 'word=robot', '--json'], otherEnv);
    const runId = JSON.parse(created.stdout).id as string;
    const follow = await esy(['remote', 'follow', runId], env);
    expect(follow.code).toBe(2);
    expect(follow.stderr).toMatch(/HTTP 404/);
    const badKey = await esy(['remote', 'list'], { ...env, ESY_API_KEY: 'esy_nope_nope' });
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/HTTP 401/);
  }, 60_000);

  it('lets an administrator cancel a run', async () => {
    const admin = await loginAdmin(h.t.http);
    const adminEnv = { ESY_SERVER: h.baseUrl, ESY_API_KEY: await apiKeyOf(h, admin, ['read', 'write', 'admin']) };
    // With the worker stopped the run stays pending, so there is something left to cancel.
    await Promise.all(h.workers.map((worker) => worker.stop()));
    h.workers.length = 0;
    const created = await esy(['remote', 'create', 'etymology-essay', '--intent', 'word=lantern', '--json'], env);
    const runId = JSON.parse(created.stdout).id as string;
    const asUser = await esy(['remote', 'cancel', runId], env);
    expect(asUser.code).toBe(2);
    expect(asUser.stderr).toMatch(/HTTP 403/);
    const cancelled = await esy(['remote', 'cancel', runId, '--reason', 'changed our mind'], adminEnv);
    expect(cancelled).toMatchObject({ code: 0, stdout: `run ${runId} cancelled\n` });
    const detail = await waitForRun(h.t.http, user.auth, runId, ['cancelled']);
    expect(detail.run.status).toBe('cancelled');
  }, 60_000);
});
