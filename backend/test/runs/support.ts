import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import type TestAgent from 'supertest/lib/agent';
import { createTestDatabase, startTestApp, testEnvironment, type TestApp, type TestDatabase } from '../support';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Small, fast content: a five-gate etymology essay (G1 G2 G3 G5 G6, two attempts per gate) and a research brief. */
export const FIXTURE_ORCHESTRATION = join(REPO_ROOT, 'e2e', 'fixtures', 'orchestration');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const ESSAY_INTENT = { word: 'serendipity', angle: 'etymology', audience: 'general' };

/** What the API and its workers share in a suite: the database, the content and the Redis key prefix. */
export function runsEnvironment(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ORCHESTRATION_DIR: FIXTURE_ORCHESTRATION,
    REDIS_KEY_PREFIX: prefix,
    ESY_SIMULATOR_LATENCY_MS: '0',
    SSE_HEARTBEAT_MS: '500',
    ...extra,
  };
}

export interface RunsHarness {
  t: TestApp;
  db: TestDatabase;
  prefix: string;
  /** Base URL of the API listening on a real port (for streams). */
  baseUrl: string;
  env: Record<string, string>;
  workers: WorkerProcess[];
  /** Starts one more worker process with the suite's environment plus `extra`. */
  startWorker(extra?: Record<string, string>): Promise<WorkerProcess>;
  close(): Promise<void>;
}

/**
 * The API in this (Jest) process on a real port, gate attempts in separate worker processes — the production
 * shape: events cross processes over Redis, jobs over Bull. `workers: 0` leaves starting them to the test.
 */
export async function startRunsHarness(options: { env?: Record<string, string>; workerEnv?: Record<string, string>; workers?: number } = {}): Promise<RunsHarness> {
  const prefix = `t-runs-${randomBytes(4).toString('hex')}`;
  const env = runsEnvironment(prefix, options.env);
  const db = await createTestDatabase();
  const t = await startTestApp({ db, env });
  await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  const workers: WorkerProcess[] = [];
  const harness: RunsHarness = {
    t,
    db,
    prefix,
    baseUrl: `http://127.0.0.1:${port}`,
    env,
    workers,
    async startWorker(extra = {}) {
      const worker = await startWorkerProcess(db.url, { ...env, ...options.workerEnv, ...extra });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop()));
      t.app.getHttpServer().closeAllConnections?.();
      await t.close();
      await db.drop();
      await deleteRedisKeys(prefix);
    },
  };
  for (let i = 0; i < (options.workers ?? 1); i++) await harness.startWorker();
  return harness;
}

export interface WorkerProcess {
  pid: number;
  output(): string;
  /** SIGTERM and wait for the exit (graceful). */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, mid-attempt, without any clean-up. */
  kill(): Promise<void>;
}

/** `node backend/src/worker.ts` (compiled by SWC on the fly), resolved once it processes the queue. */
export async function startWorkerProcess(databaseUrl: string, extra: Record<string, string>): Promise<WorkerProcess> {
  const env = { ...process.env, ...testEnvironment(databaseUrl, extra), LOG_LEVEL: 'info', SEED_ON_START: 'false' };
  const child: ChildProcess = spawn(process.execPath, ['-r', './backend/tools/swc-register.cjs', 'backend/src/worker.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within 90 s:\n${output.slice(-2000)}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('processing gate-attempts')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} during start-up:\n${output.slice(-2000)}`));
    });
  });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { pid: child.pid!, output: () => output, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
}

/** Removes the suite's queue and event keys (never anything outside its prefix). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
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

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 45_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export type Auth = Record<string, string>;

export async function specIdOf(api: TestAgent, auth: Auth, slug = 'etymology-essay'): Promise<string> {
  const { body } = await api.get(`/api/workflows/${slug}`).set(auth).expect(200);
  return body.active_spec_id;
}

export async function createRun(api: TestAgent, auth: Auth, specId: string, intent: Record<string, unknown> = ESSAY_INTENT): Promise<{ id: string; body: any }> {
  const response = await api.post('/api/runs').set(auth).send({ spec_id: specId, intent }).expect(201);
  return { id: response.body.run.id, body: response.body };
}

/** Waits until the run (seen through the admin detail) reaches one of `statuses`; returns the detail. */
export async function waitForRun(api: TestAgent, auth: Auth, runId: string, statuses: string[], timeoutMs = 60_000): Promise<any> {
  return waitFor(`run ${runId} to become ${statuses.join('|')}`, async () => {
    const { body } = await api.get(`/api/runs/${runId}`).set(auth).expect(200);
    return statuses.includes(body.run.status) ? body : undefined;
  }, timeoutMs, 150);
}

export interface SseEvent {
  id: number | null;
  event: string;
  data: any;
}

/** A minimal SSE client (like EventSource, but it can send headers and be closed mid-stream). */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  private request: http.ClientRequest | null = null;
  private ended!: Promise<void>;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    await client.connect(url, headers);
    return client;
  }

  private connect(url: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      let endResolve!: () => void;
      this.ended = new Promise((r) => (endResolve = r));
      this.request = http.get(url, { agent: false, headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
        this.status = response.statusCode ?? 0;
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            this.parse(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
        });
        response.on('end', endResolve);
        response.on('close', endResolve);
        resolve();
      });
      this.request.on('error', (error) => {
        endResolve();
        reject(error);
      });
    });
  }

  private parse(block: string): void {
    let id: number | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const at = line.indexOf(':');
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (field === 'id') id = Number(value);
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    this.events.push({ id, event, data: JSON.parse(data.join('\n')) });
  }

  /** Resolves when the server ends the stream. */
  finished(timeoutMs = 60_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error('stream did not end')), timeoutMs)));
    return Promise.race([this.ended, timeout]).finally(() => clearTimeout(timer));
  }

  close(): void {
    this.request?.destroy();
  }
}
