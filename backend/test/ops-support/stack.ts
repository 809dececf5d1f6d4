import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createTestDatabase, type TestDatabase } from '../support';
import { ensureProductionBuild, REPO_ROOT } from './build';
import { freePort, waitFor } from './wait';

// Kept importable from here (the suites do); they live in ./wait.ts so tools can use them without the test app.
export { freePort, waitFor };

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Small content made for tests: a three-gate research brief and a five-gate etymology essay. */
export const FIXTURE_ORCHESTRATION = join(REPO_ROOT, 'e2e', 'fixtures', 'orchestration');

/** One started `node dist/…/main.js` or `worker.js`, with everything it wrote to stdout and stderr. */
export class OpsProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly role: 'api' | 'worker',
    readonly child: ChildProcess,
    readonly port: number | null,
    readonly metricsPort: number,
  ) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Every stdout line, parsed (throws on a line that is not JSON). */
  logLines(): Record<string, unknown>[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** SIGTERM, then the exit (SIGKILL after `timeoutMs`, which fails the caller's expectations on the exit code). */
  async stop(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  describe(): string {
    return `${this.role} ${this.pid}\n--- stdout (tail)\n${this.stdout.slice(-3000)}\n--- stderr (tail)\n${this.stderr.slice(-2000)}`;
  }
}

export interface OpsStack {
  db: TestDatabase;
  prefix: string;
  build: string;
  env: Record<string, string>;
  secrets: { jwtSecret: string; credentialsKey: string; metricsToken: string; adminPassword: string };
  adminEmail: string;
  processes: OpsProcess[];
  startApi(extra?: Record<string, string>): Promise<OpsProcess>;
  startWorker(extra?: Record<string, string>): Promise<OpsProcess>;
  close(): Promise<void>;
}

/**
 * A fresh database and Redis prefix, and the production build started the way the images start it
 * (`node dist/backend/backend/src/main.js` / `worker.js`, NODE_ENV=production, secrets from the environment).
 */
export async function createOpsStack(env: Record<string, string> = {}): Promise<OpsStack> {
  const build = await ensureProductionBuild();
  const db = await createTestDatabase();
  const prefix = `t-ops-${randomBytes(4).toString('hex')}`;
  const secrets = {
    jwtSecret: randomBytes(36).toString('base64url'),
    credentialsKey: randomBytes(32).toString('base64'),
    metricsToken: `mt-${randomBytes(16).toString('hex')}`,
    adminPassword: `adm-${randomBytes(12).toString('hex')}`,
  };
  const adminEmail = 'ops-admin@test.esy';
  const baseEnv: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET: secrets.jwtSecret,
    CREDENTIALS_KEY: secrets.credentialsKey,
    METRICS_TOKEN: secrets.metricsToken,
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: secrets.adminPassword,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    LOGIN_RATE_LIMIT: '1000',
    RATE_LIMIT_USER: '1000000',
    RATE_LIMIT_API_KEY: '1000000',
    RATE_LIMIT_IP: '1000000',
    LOG_LEVEL: 'info',
    ORCHESTRATION_DIR: FIXTURE_ORCHESTRATION,
    ESY_SIMULATOR_LATENCY_MS: '0',
    SSE_HEARTBEAT_MS: '1000',
    SWAGGER_ENABLED: 'false',
    ...env,
  };
  const processes: OpsProcess[] = [];

  const spawnProcess = async (role: 'api' | 'worker', extra: Record<string, string>) => {
    const port = role === 'api' ? await freePort() : null;
    const metricsPort = await freePort();
    // Only what the image sets: no development variables of the developer's shell leak in.
    const childEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...baseEnv,
      ...(port ? { PORT: String(port) } : {}),
      METRICS_PORT: String(metricsPort),
      ...extra,
    };
    const entry = join(build, 'backend', 'src', role === 'api' ? 'main.js' : 'worker.js');
    const child = spawn(process.execPath, [entry], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = new OpsProcess(role, child, port, metricsPort);
    processes.push(started);
    return started;
  };

  const stack: OpsStack = {
    db,
    prefix,
    build,
    env: baseEnv,
    secrets,
    adminEmail,
    processes,
    async startApi(extra = {}) {
      const api = await spawnProcess('api', extra);
      await waitFor(`API ${api.pid} ready`, async () => {
        if (!api.running) throw new Error(`exited:\n${api.describe()}`);
        const response = await fetch(`${api.url}/api/health/ready`).catch(() => null);
        return response?.status === 200;
      }, 90_000, 200).catch((error: Error) => {
        throw new Error(`${error.message}\n${api.describe()}`);
      });
      return api;
    },
    async startWorker(extra = {}) {
      const worker = await spawnProcess('worker', extra);
      await waitFor(`worker ${worker.pid} processing`, async () => {
        if (!worker.running) throw new Error(`exited:\n${worker.describe()}`);
        return worker.stdout.includes('processing gate-attempts');
      }, 90_000, 100).catch((error: Error) => {
        throw new Error(`${error.message}\n${worker.describe()}`);
      });
      return worker;
    },
    async close() {
      await Promise.all(processes.map((p) => p.stop(15_000)));
      await db.drop();
      await deleteRedisKeys(prefix);
    },
  };
  return stack;
}

/** Removes the suite's queue and event keys (never anything outside its prefix). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
