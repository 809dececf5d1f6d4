import { attemptJobId, type AttemptRef, type JobQueue } from '../ports';

/**
 * In-process job queue for the CLI: runs attempt jobs with bounded concurrency. Like a Bull queue keyed by job id,
 * a job already waiting or running is not added twice.
 */
export class LocalJobQueue implements JobQueue {
  private readonly waiting: AttemptRef[] = [];
  /** Jobs waiting out a back-off delay. */
  private readonly delayed = new Set<NodeJS.Timeout>();
  private readonly known = new Set<string>();
  private active = 0;
  private handler?: (ref: AttemptRef) => Promise<unknown>;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly options: { concurrency?: number; onError?: (error: unknown, ref: AttemptRef) => void } = {},
  ) {}

  /** The job body (usually `ref => executeAttempt(deps, ref)`); set once the engine is assembled. */
  setHandler(handler: (ref: AttemptRef) => Promise<unknown>): void {
    this.handler = handler;
    this.pump();
  }

  async enqueueAttempt(ref: AttemptRef, options: { delayMs?: number } = {}): Promise<void> {
    if (this.stopped) return;
    const id = attemptJobId(ref);
    if (this.known.has(id)) return;
    this.known.add(id);
    const delayMs = options.delayMs ?? 0;
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        this.waiting.push({ ...ref });
        this.pump();
      }, delayMs);
      this.delayed.add(timer);
      return;
    }
    this.waiting.push({ ...ref });
    // Start jobs on a later tick so the caller's own bookkeeping finishes first (as with a real queue).
    setImmediate(() => this.pump());
  }

  /** Resolves when no job is waiting or running. */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.active === 0 && this.delayed.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops waiting jobs and accepts no more (e.g. on Ctrl-C). */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    this.settleIfIdle();
  }

  get size(): number {
    return this.waiting.length + this.active + this.delayed.size;
  }

  private pump(): void {
    if (!this.handler) return;
    const limit = Math.max(1, this.options.concurrency ?? 4);
    while (this.active < limit && this.waiting.length > 0) {
      const ref = this.waiting.shift()!;
      this.active++;
      this.handler(ref)
        .catch((error) => this.options.onError?.(error, ref))
        .finally(() => {
          this.active--;
          this.known.delete(attemptJobId(ref));
          this.pump();
          this.settleIfIdle();
        });
    }
    this.settleIfIdle();
  }

  private settleIfIdle(): void {
    if (this.waiting.length === 0 && this.active === 0 && this.delayed.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
