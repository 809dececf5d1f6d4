import { AsyncLocalStorage } from 'node:async_hooks';
import { createWriteStream, type WriteStream } from 'node:fs';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { advanceRun, executeAttempt, recoverExpiredAttempts, startRun, type ModelChoiceRequest, type ModelResolver } from '@esy/orchestration';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { withLogContext } from '../logging/log-context';
import type Redis from 'ioredis';
import { runEventsChannel } from './run-event-message';
import { PG, type Pg } from '../database/pg';
import { REDIS } from '../redis/redis.module';
import { GATE_ATTEMPTS_QUEUE, type GateAttemptJob } from './bull-job-queue';
import { CancelListener } from './cancel-listener';
import { RUN_ENGINE, type RunEngine } from './run-engine';

/** Time spent waiting for models (and, when timings are on, in each port method) during this attempt. */
const attemptClock = new AsyncLocalStorage<AttemptClock>();

interface AttemptClock {
  modelMs: number;
  /** Process CPU time while a model call was in flight (the simulator's own work; exact at concurrency 1 only). */
  modelCpuMs: number;
  ports: Record<string, number>;
  /** Statements sent to PostgreSQL and commits (autocommitted writes + COMMITs) during the attempt (timings only). */
  statements: number;
  commits: number;
}

/** With cancellations pushed over Redis, the run's status is read from PostgreSQL at most this often per attempt. */
const CANCEL_CHECK_MS = 1_000;

/** Runs still waiting for their in-flight attempts after shutdown's hand-back (they stop within a tool round). */
const HANDBACK_SETTLE_MS = 10_000;

/**
 * Processes the `gate-attempts` queue in this process: each job is `executeAttempt(ref)` (claim → tool loop →
 * validation → outcome → next step), WORKER_CONCURRENCY at a time. At start-up and every
 * WORKER_RECOVERY_INTERVAL_MS it fails attempts whose worker died (lease expired → WORKER_LOST → retried) and
 * nudges runs that stopped moving. On shutdown it stops taking jobs, lets running attempts finish for
 * WORKER_SHUTDOWN_GRACE_MS, then hands the rest back to the queue (their rows return to pending; the abandoned
 * executions cannot record anything because completion is conditional on `running`).
 */
@Injectable()
export class AttemptWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly inFlight = new Set<Promise<unknown>>();
  private recoveryTimer: NodeJS.Timeout | null = null;
  private recovering: Promise<void> | null = null;
  private stopping = false;
  private started = false;
  private readonly cancels: CancelListener;
  /** WORKER_TIMINGS_FILE, opened once (opening it per attempt showed up in the very CPU figures it serves). */
  private timings: WriteStream | null = null;

  constructor(
    @Inject(RUN_ENGINE) private readonly engine: RunEngine,
    @InjectQueue(GATE_ATTEMPTS_QUEUE) private readonly queue: Queue<GateAttemptJob>,
    @InjectConfig() private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(PG) private readonly pg: Pg,
  ) {
    this.cancels = new CancelListener(redis, runEventsChannel(config.redis.keyPrefix), engine.deps.active);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    await this.stop(signal);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.instrumentModelTime();
    this.cancels.start();
    this.engine.deps.settings.cancelCheckMs = CANCEL_CHECK_MS;
    if (this.config.worker.timingsFile) this.instrumentPorts();
    await this.engine.refreshSettings().catch((error: Error) => this.logger.warn(`Run settings not read: ${error.message}`));
    await this.recoverOnce();
    const concurrency = this.config.worker.concurrency;
    // process() resolves only when the queue closes: not awaited.
    this.queue.process(concurrency, (job: Job<GateAttemptJob>) => this.track(this.handle(job))).catch((error: Error) => {
      if (!this.stopping) this.logger.error(`Queue processing stopped: ${error.message}`);
    });
    this.recoveryTimer = setInterval(() => void this.recoverOnce(), this.config.worker.recoveryIntervalMs);
    this.recoveryTimer.unref();
    this.logger.log(`Worker ${this.engine.deps.settings.workerId} processing ${GATE_ATTEMPTS_QUEUE} with concurrency ${concurrency}`);
  }

  async stop(signal?: string): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    if (this.recoveryTimer) clearInterval(this.recoveryTimer);
    await this.queue.pause(true, true).catch(() => undefined); // local: stop taking jobs, leave other workers alone
    const grace = this.config.worker.shutdownGraceMs;
    this.logger.log(`Stopping${signal ? ` on ${signal}` : ''}: ${this.inFlight.size} attempt(s) running, waiting up to ${grace} ms`);
    if (await this.settle(grace)) {
      await this.cancels.stop();
      return;
    }

    const released = await this.engine.store.releaseAttempts(this.engine.deps.settings.workerId);
    this.engine.deps.active.abortAll('the worker is shutting down; the attempt was handed back to the queue');
    await this.settle(HANDBACK_SETTLE_MS);
    for (const ref of released) await this.engine.queue.enqueueAttempt(ref).catch(() => undefined); // recovery re-enqueues otherwise
    await this.cancels.stop();
    this.logger.warn(`Handed back ${released.length} attempt(s): ${released.map((r) => `${r.runId}/${r.gateId}#${r.attemptNumber}`).join(', ')}`);
  }

  /** One sweep: expired leases, then runs that should be moving. Never overlaps itself. */
  recoverOnce(): Promise<void> {
    this.recovering ??= this.sweep()
      .catch((error: Error) => this.logger.warn(`Recovery sweep failed (retried next interval): ${error.message}`))
      .finally(() => (this.recovering = null));
    return this.recovering;
  }

  private async sweep(): Promise<void> {
    const deps = this.engine.deps;
    await this.engine.refreshSettings();
    const recovered = await recoverExpiredAttempts(deps);
    if (recovered > 0) this.logger.warn(`Recovered ${recovered} attempt(s) whose worker stopped (WORKER_LOST, retried)`);
    const stalled = await this.engine.store.listStalledRuns(this.config.worker.leaseMs, 50);
    for (const run of stalled) {
      await this.engine.store.touchRun(run.id);
      if (run.status === 'pending') await startRun(deps, run.id);
      else await advanceRun(deps, run.id);
    }
  }

  private async handle(job: Job<GateAttemptJob>): Promise<{ action: string }> {
    const ref = job.data?.ref;
    if (!ref || typeof ref.runId !== 'string' || typeof ref.gateId !== 'string' || typeof ref.attemptNumber !== 'number') {
      this.logger.error(`Job ${job.id} has no attempt reference; dropped`);
      return { action: 'invalid' };
    }
    const started = performance.now();
    const clock: AttemptClock = { modelMs: 0, modelCpuMs: 0, ports: {}, statements: 0, commits: 0 };
    try {
      // Every log line of the attempt carries run_id, gate_id and attempt (logging/log-context.ts).
      const context = { run_id: ref.runId, gate_id: ref.gateId, attempt: ref.attemptNumber };
      const result = await withLogContext(context, () => attemptClock.run(clock, () => executeAttempt(this.engine.deps, ref)));
      const jobMs = performance.now() - started;
      if (this.config.worker.timingsFile && result.action === 'executed') {
        const line = { run_id: ref.runId, gate_id: ref.gateId, attempt: ref.attemptNumber, job_ms: round(jobMs), model_ms: round(clock.modelMs), model_cpu_ms: round(clock.modelCpuMs), overhead_ms: round(jobMs - clock.modelMs), queue_wait_ms: round(Date.now() - job.timestamp - jobMs), ports_ms: roundAll(clock.ports), statements: clock.statements, commits: clock.commits };
        this.timings ??= createWriteStream(this.config.worker.timingsFile, { flags: 'a' }).on('error', () => undefined);
        this.timings.write(`${JSON.stringify(line)}\n`);
      }
      return { action: result.action };
    } catch (error) {
      this.logger.error(`Attempt ${ref.runId}/${ref.gateId}#${ref.attemptNumber} crashed the job: ${(error as Error).message}`);
      throw error;
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** True when every in-flight attempt finished within `ms`. */
  private async settle(ms: number): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const all = Promise.allSettled([...this.inFlight]).then(() => true as const);
    const result = await Promise.race([all, timeout]);
    clearTimeout(timer);
    return result && this.inFlight.size === 0;
  }

  /**
   * Benchmarks only (WORKER_TIMINGS_FILE): times every call the engine makes on its storage, workspace, queue and
   * event ports, per attempt, so the timings file says where an attempt's non-model time goes.
   */
  private instrumentPorts(): void {
    const deps = this.engine.deps;
    const timed = <T extends object>(label: string, target: T, nested: Record<string, string> = {}): T =>
      new Proxy(target, {
        get(object, property, receiver) {
          const value = Reflect.get(object, property, receiver);
          if (typeof value !== 'function') return value;
          const name = `${label}.${String(property)}`;
          return (...args: unknown[]) => {
            const began = performance.now();
            const add = () => {
              const store = attemptClock.getStore();
              if (store) store.ports[name] = (store.ports[name] ?? 0) + performance.now() - began;
            };
            const result = value.apply(object, args);
            if (!(result instanceof Promise)) {
              add();
              return result;
            }
            return result.then((resolved: unknown) => {
              add();
              const inner = nested[String(property)];
              return inner && resolved && typeof resolved === 'object' ? timed(inner, resolved) : resolved;
            });
          };
        },
      });
    this.countStatements();
    deps.store = timed('store', deps.store);
    deps.events = timed('events', deps.events);
    deps.queue = timed('queue', deps.queue);
    deps.workspaces = timed('workspaces', deps.workspaces, { forRun: 'workspace' });
  }

  /** Benchmarks only: counts the attempt's statements and commits on the shared pg pool (and its unit-of-work clients). */
  private countStatements(): void {
    type Client = { query: (config: { text: string } | string, ...rest: unknown[]) => Promise<unknown> };
    const pool = this.pg.pool as unknown as {
      query: (config: { text: string } | string, ...rest: unknown[]) => Promise<unknown>;
      connect: (...rest: unknown[]) => Promise<Client>;
    };
    const textOf = (config: { text: string } | string) => (typeof config === 'string' ? config : config.text);
    const isWrite = (text: string) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(text) || text.includes('append_run_event(');
    const count = (statements: number, commits: number) => {
      const clock = attemptClock.getStore();
      if (clock) {
        clock.statements += statements;
        clock.commits += commits;
      }
    };
    const poolQuery = pool.query.bind(pool);
    pool.query = (config, ...rest) => {
      count(1, isWrite(textOf(config)) ? 1 : 0);
      return poolQuery(config, ...rest);
    };
    const connect = pool.connect.bind(pool);
    const wrapped = new WeakSet<object>(); // the pool hands out the same clients again
    pool.connect = (...rest: unknown[]) => {
      if (rest.length > 0) return connect(...rest); // TypeORM's callback style: not the engine's statements
      return connect().then((client) => {
        if (wrapped.has(client)) return client;
        wrapped.add(client);
        const clientQuery = client.query.bind(client);
        client.query = (config, ...args) => {
          const text = textOf(config);
          if (text === 'COMMIT') count(0, 1);
          else if (text !== 'BEGIN' && text !== 'ROLLBACK') count(1, 0);
          return clientQuery(config, ...args);
        };
        return client;
      });
    };
  }

  /** Wraps the model resolver so time inside model calls is attributed to the running attempt (timings). */
  private instrumentModelTime(): void {
    const deps = this.engine.deps;
    const timed = Boolean(this.config.worker.timingsFile);
    const inner: ModelResolver = deps.models;
    deps.models = {
      async choose(request: ModelChoiceRequest) {
        const choice = await inner.choose(request);
        const adapter = choice.adapter;
        return {
          ...choice,
          adapter: {
            provider: adapter.provider,
            complete: async (modelRequest) => {
              const began = performance.now();
              const cpu = timed ? process.cpuUsage() : null;
              try {
                return await adapter.complete(modelRequest);
              } finally {
                const store = attemptClock.getStore();
                if (store) {
                  store.modelMs += performance.now() - began;
                  if (cpu) {
                    const used = process.cpuUsage(cpu);
                    store.modelCpuMs += (used.user + used.system) / 1000;
                  }
                }
              }
            },
          },
        };
      },
    };
  }
}

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, ms]) => [key, round(ms)]));
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
