import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { startFaultyProxy } from './sdk/proxy';
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
    env = { ESY_API_URL: h.baseUrl, ESY_API_KEY: await apiKeyOf(h, user) };
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  it('lists the workflows the server offers', async () => {
    const result = await esy(['remote', 'workflows'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^etymology-essay\s+visual-essay\s+\S+/m);
  }, 60_000);

  it('esy remote run: creates from an intake file, follows live, downloads the package and verifies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esy-remote-run-'));
    try {
      const intake = join(dir, 'intake.json');
      writeFileSync(intake, JSON.stringify({ word: 'halcyon', angle: 'etymology' }));
      const result = await esy(['remote', 'run', 'etymology-essay', '--intake', intake, '--out', join(dir, 'out')], env);
      expect(result).toMatchObject({ code: 0 });
      expect(result.stderr).toMatch(/run completed/);
      expect(result.stdout).toMatch(/^completed: 5\/5 gates passed/m);
      const saved = /^package: (\S+\.zip) \((\d+) files, each matching its sha256 in manifest\.json\)$/m.exec(result.stdout);
      expect(saved).not.toBeNull();
      // The saved zip is the server's package, and it does match its manifest.
      const entries = unzipSync(readFileSync(saved![1]));
      const manifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
      expect(manifest.files).toHaveLength(Number(saved![2]));
      for (const file of manifest.files) expect(createHash('sha256').update(entries[file.path]).digest('hex')).toBe(file.sha256);
      const runId = /^run ([0-9a-f-]{36}) created/m.exec(result.stdout)![1];
      expect(manifest.run.id).toBe(runId);

      const status = await esy(['remote', 'status', runId], env);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^status\s+completed$/m);
      expect(status.stdout).toMatch(/^gates\s+5\/5 passed, 0 failed, 0 skipped$/m);
      expect(status.stdout).toMatch(/^verification verified$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('esy remote run refuses a package that does not match its manifest: exit 1, the file named, nothing saved', async () => {
    const proxy = await startFaultyProxy(h.baseUrl);
    const dir = mkdtempSync(join(tmpdir(), 'esy-remote-tampered-'));
    try {
      proxy.tamperNextPackage((zip) => {
        const entries = unzipSync(new Uint8Array(zip));
        entries['README.md'] = new TextEncoder().encode(`${Buffer.from(entries['README.md']).toString('utf8')}\nextra line\n`);
        return Buffer.from(zipSync(entries));
      });
      const result = await esy(['remote', 'run', 'etymology-essay', '--intent', 'word=quire', '--out', dir], { ...env, ESY_API_URL: proxy.url });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^completed: 5\/5 gates passed/m);
      expect(result.stderr).toMatch(/esy: the package does not match its manifest:\n {2}README\.md: sha256 [0-9a-f]{64} does not match/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('esy remote run names what is wrong: the intake file, the URL, the workflow', async () => {
    const missing = await esy(['remote', 'run', 'etymology-essay', '--intake', '/nonexistent/intake.json'], env);
    expect(missing).toMatchObject({ code: 2, stderr: 'esy: --intake /nonexistent/intake.json: cannot read the file (ENOENT)\n' });
    const dir = mkdtempSync(join(tmpdir(), 'esy-remote-bad-'));
    try {
      writeFileSync(join(dir, 'list.json'), '["word"]');
      const notObject = await esy(['remote', 'run', 'etymology-essay', '--intake', join(dir, 'list.json')], env);
      expect(notObject.code).toBe(2);
      expect(notObject.stderr).toMatch(/must be a JSON object of field values/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const badUrl = await esy(['remote', 'status', '00000000-0000-4000-8000-000000000000'], { ...env, ESY_API_URL: 'esy.example.com' });
    expect(badUrl).toMatchObject({ code: 2 });
    expect(badUrl.stderr).toMatch(/--url \(or ESY_API_URL\): "esy\.example\.com" is not a server URL such as https:\/\/esy\.example\.com/);
    const unknown = await esy(['remote', 'run', 'no-such-workflow', '--intent', 'word=x'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/HTTP 404/);
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
    const otherEnv = { ESY_API_URL: h.baseUrl, ESY_API_KEY: await apiKeyOf(h, other) };
    const created = await esy(['remote', 'create', 'etymology-essay', '--intent', 'word=robot', '--json'], otherEnv);
    const runId = JSON.parse(created.stdout).id as string;
    const follow = await esy(['remote', 'follow', runId], env);
    expect(follow.code).toBe(2);
    expect(follow.stderr).toMatch(/HTTP 404/);
    const badKey = await esy(['remote', 'list'], { ...env, ESY_API_KEY: 'esy_nope_nope' });
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/HTTP 401/);
  }, 60_000);

  it('lets the owner and an administrator cancel a run, and nobody else', async () => {
    const admin = await loginAdmin(h.t.http);
    const adminEnv = { ESY_API_URL: h.baseUrl, ESY_API_KEY: await apiKeyOf(h, admin, ['read', 'write', 'admin']) };
    // With the worker stopped the run stays pending, so there is something left to cancel.
    await Promise.all(h.workers.map((worker) => worker.stop()));
    h.workers.length = 0;
    const created = await esy(['remote', 'create', 'etymology-essay', '--intent', 'word=lantern', '--json'], env);
    const runId = JSON.parse(created.stdout).id as string;
    const other = await registerUser(h.t.http);
    const asOther = await esy(['remote', 'cancel', runId], { ...env, ESY_API_KEY: await apiKeyOf(h, other) });
    expect(asOther.code).toBe(2);
    expect(asOther.stderr).toMatch(/HTTP 404/);
    const cancelled = await esy(['remote', 'cancel', runId, '--reason', 'changed our mind'], adminEnv);
    expect(cancelled).toMatchObject({ code: 0, stdout: `run ${runId} cancelled\n` });
    const detail = await waitForRun(h.t.http, user.auth, runId, ['cancelled']);
    expect(detail.run.status).toBe('cancelled');
    const own = JSON.parse((await esy(['remote', 'create', 'etymology-essay', '--intent', 'word=ember', '--json'], env)).stdout).id as string;
    expect(await esy(['remote', 'cancel', own], env)).toMatchObject({ code: 0, stdout: `run ${own} cancelled\n` });
    expect((await waitForRun(h.t.http, user.auth, own, ['cancelled'])).run.status).toBe('cancelled');
  }, 60_000);
});
