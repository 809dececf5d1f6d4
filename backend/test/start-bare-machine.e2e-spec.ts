import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { registerUser, startRun, waitForRun } from './ops-support/client';
import { FIXTURE_ORCHESTRATION, freePort, waitFor } from './ops-support/stack';
import { REPO_ROOT } from './ops-support/build';

jest.setTimeout(400_000);

/** `npm start` as a process, with what it printed. */
class Platform {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  async banner(): Promise<string> {
    return waitFor('the start-up banner', async () => {
      if (this.child.exitCode !== null) throw new Error(`exited (${this.child.exitCode}):\n${this.output.slice(-4000)}`);
      const start = this.output.indexOf('Esy is running');
      return start >= 0 && this.output.includes('first admin', start) ? this.output.slice(start) : undefined;
    }, 360_000, 250);
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Issue 18: `npm start` on a machine with no DATABASE_URL, no REDIS_URL and nothing on the default ports (here
 * other free ports, set through ESY_POSTGRES_PORT / ESY_REDIS_PORT, so the shared services are never touched).
 */
describe('npm start on a bare machine', () => {
  const dataDir = mkdtempSync(join(REPO_ROOT, 'tmp', 'bare-start-'));
  // Run as root, the embedded PostgreSQL runs as the user postgres, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  let ports: { postgres: number; redis: number; api: number };
  let env: NodeJS.ProcessEnv;
  let platform: Platform | undefined;

  const start = () => {
    platform = new Platform(spawn(process.execPath, ['scripts/start.mjs', '--no-web'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    return platform;
  };

  beforeAll(async () => {
    // The production build `npm start` would make first (a minute or more on a busy machine; nothing when fresh),
    // done here so the start itself is timed on its own.
    const build = spawnSync(process.execPath, ['scripts/platform/builds.mjs', 'backend'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 1_200_000 });
    if (build.status !== 0) throw new Error(`backend build failed:\n${build.stdout}${build.stderr}`);
    ports = { postgres: await freePort(), redis: await freePort(), api: await freePort() };
    const { DATABASE_URL, REDIS_URL, ADMIN_PASSWORD, JWT_SECRET, CREDENTIALS_KEY, ...inherited } = process.env;
    env = {
      ...inherited,
      NODE_ENV: 'development',
      ESY_DATA_DIR: dataDir,
      ESY_POSTGRES_PORT: String(ports.postgres),
      ESY_REDIS_PORT: String(ports.redis),
      PORT: String(ports.api),
      ORCHESTRATION_DIR: FIXTURE_ORCHESTRATION,
      ESY_SIMULATOR_LATENCY_MS: '0',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      LOG_LEVEL: 'warn',
    };
  }, 1_260_000);

  afterAll(async () => {
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts PostgreSQL and Redis itself, runs a workflow, and keeps the data across a restart', async () => {
    const first = start();
    const banner = await first.banner();
    expect(banner).toContain(`embedded, data in`);
    expect(banner).toContain(`(port ${ports.postgres})`);
    expect(banner).toContain(`started by npm start (in memory) (port ${ports.redis})`);
    // First start: the generated password of the first administrator, once.
    const admin = /first admin\s+(\S+)\s+password: (\S+)/.exec(banner);
    expect(admin).not.toBeNull();

    const api = `http://127.0.0.1:${ports.api}`;
    const user = await registerUser(api);
    const runId = await startRun(api, user.auth);
    const detail = await waitForRun(api, user.auth, runId);
    expect(detail.run).toMatchObject({ status: 'completed', simulated: true });

    const adminLogin = await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin![1], password: admin![2] }),
    });
    expect(adminLogin.status).toBe(200);

    // Ctrl+C / SIGTERM stops everything it started, PostgreSQL and Redis included.
    expect(await first.stop()).toBe(0);
    expect(await isListening(ports.postgres)).toBe(false);
    expect(await isListening(ports.redis)).toBe(false);
    expect(await isListening(ports.api)).toBe(false);

    // A restart finds the same database: the run is still there, and no password is shown again.
    const second = start();
    const again = await second.banner();
    expect(again).not.toMatch(/password: \S+ +\(shown this once/);
    const kept = await (await fetch(`${api}/api/runs/${runId}`, { headers: user.auth })).json();
    expect(kept.run).toMatchObject({ id: runId, status: 'completed' });
    expect(await second.stop()).toBe(0);
    platform = undefined;
  });

  it('without Redis and without redis-server, says in one line what to install', async () => {
    // A PATH holding node alone: no redis-server to start.
    const bin = mkdtempSync(join(dataDir, 'bin-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = spawnSync(process.execPath, ['scripts/start.mjs', '--no-web'], {
      cwd: REPO_ROOT,
      env: { ...env, PATH: bin },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`none answers on 127.0.0.1:${ports.redis}`);
    expect(lines[0]).toContain('apt-get install redis-server');
    expect(lines[0]).toContain('brew install redis');
    expect(lines[0]).toContain('docker run');
    // Nothing was started on the way: no PostgreSQL.
    expect(await isListening(ports.postgres)).toBe(false);
  });
});
