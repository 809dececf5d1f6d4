import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { join } from 'node:path';
import { ensureProductionBuild } from '../ops-support/build';
import { freePort } from '../ops-support/stack';
import { testEnvironment } from '../support';
import { REPO_ROOT, runsEnvironment, SseClient, waitFor } from '../runs/support';
import { PrivatePostgres, PrivateRedis } from './private-services';

/** One API or worker process of the drill, with whether it is still alive. */
export interface DrillProcess {
  pid: number;
  alive(): boolean;
  output(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/**
 * The production shape on private servers: PostgreSQL and Redis of its own (so they can be crashed), an API
 * process and worker processes started from the production build (compiled once and shared with the ops suites,
 * so a replacement worker starts in seconds even on a busy machine). Nothing here touches the shared 5432 / 6379.
 */
export class DrillStack {
  readonly workers: DrillProcess[] = [];
  api!: DrillProcess;
  http!: TestAgent;
  baseUrl = '';
  private readonly database = `esy_drill_${randomBytes(4).toString('hex')}`;

  private constructor(
    readonly pg: PrivatePostgres,
    readonly redis: PrivateRedis,
    private readonly build: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<DrillStack> {
    const [pg, redis, build] = await Promise.all([PrivatePostgres.create(), PrivateRedis.create(), ensureProductionBuild()]);
    const stack = new DrillStack(pg, redis, build, { ...runsEnvironment(`t-drill-${randomBytes(4).toString('hex')}`, env), REDIS_URL: redis.url() });
    await stack.startApi();
    return stack;
  }

  get databaseUrl(): string {
    return this.pg.url(this.database);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.pg.query<T>(this.database, sql, params);
  }

  private spawn(role: 'main' | 'worker', extra: Record<string, string>): DrillProcess {
    const env = { ...process.env, ...testEnvironment(this.databaseUrl, { ...this.env, ...extra }), LOG_LEVEL: 'info' };
    const child = spawn(process.execPath, [join(this.build, 'backend', 'src', `${role}.js`)], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    return track(child);
  }

  private async startApi(): Promise<void> {
    const port = await freePort();
    this.api = this.spawn('main', { HOST: '127.0.0.1', PORT: String(port) });
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.http = supertest(this.baseUrl) as unknown as TestAgent;
    await waitFor('the API to be ready', async () => {
      if (!this.api.alive()) throw new Error(`the API exited:\n${this.api.output().slice(-3000)}`);
      return (await this.readiness()) === 200;
    }, 120_000, 200);
  }

  /** GET /api/health/ready → its HTTP status (0 when the API does not answer). */
  async readiness(): Promise<number> {
    const response = await fetch(`${this.baseUrl}/api/health/ready`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
    return response?.status ?? 0;
  }

  /** A new worker process, resolved once it takes jobs. */
  async startWorker(extra: Record<string, string> = {}): Promise<DrillProcess> {
    const worker = this.spawn('worker', { SEED_ON_START: 'false', ...extra });
    await waitFor('a worker to take jobs', async () => {
      if (!worker.alive()) throw new Error(`the worker exited during start-up:\n${worker.output().slice(-3000)}`);
      return worker.output().includes('processing gate-attempts');
    }, 120_000, 100);
    this.workers.push(worker);
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.kill()));
    await this.api?.kill();
    await Promise.all([this.pg.destroy(), this.redis.destroy()]);
  }
}

function track(child: ChildProcess): DrillProcess {
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-200_000)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-200_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stopWith = async (signal: NodeJS.Signals) => {
    if (alive()) child.kill(signal);
    await exited;
  };
  return { pid: child.pid!, alive, output: () => output, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
}

/**
 * Follows a run's live stream the way a browser does: when the stream drops it reconnects with Last-Event-ID, until
 * the run's terminal event arrives. Collects every event id it was given (to check none came twice).
 */
export class RunFollower {
  readonly events: Array<{ id: number | null; event: string }> = [];
  reconnects = 0;
  private stopped = false;
  readonly done: Promise<void>;

  constructor(private readonly url: string, private readonly auth: Record<string, string>) {
    this.done = this.follow();
  }

  private async follow(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const last = [...this.events].reverse().find((e) => e.id !== null)?.id;
      const client = await SseClient.open(this.url, { ...this.auth, ...(last ? { 'Last-Event-ID': String(last) } : {}) }).catch(() => null);
      if (client && client.status === 200) {
        await client.finished(600_000).catch(() => undefined);
        this.events.push(...client.events.map((e) => ({ id: e.id, event: e.event })));
        client.close();
        if (this.events.some((e) => ['run_completed', 'run_failed', 'run_cancelled'].includes(e.event))) return;
      } else {
        client?.close();
      }
      this.reconnects++;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
