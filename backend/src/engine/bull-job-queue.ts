import { attemptJobId, type AttemptRef, type JobQueue } from '@esy/orchestration';
import type { Queue } from 'bull';

export const GATE_ATTEMPTS_QUEUE = 'gate-attempts';

export interface GateAttemptJob {
  ref: AttemptRef;
}

/**
 * The engine's JobQueue on Bull: one job per gate attempt, its id derived from the attempt, so enqueueing the same
 * attempt twice (a retried request, a recovery sweep) adds nothing while the job exists. Bull's own retries are
 * off: a failed attempt is retried by the run lifecycle as a new attempt row. Finished jobs are removed, so a later
 * re-enqueue of a still-pending attempt (after a lost job) is accepted.
 */
export class BullJobQueue implements JobQueue {
  constructor(private readonly queue: Queue<GateAttemptJob>) {}

  async enqueueAttempt(ref: AttemptRef, options: { delayMs?: number } = {}): Promise<void> {
    const delay = options.delayMs && options.delayMs > 0 ? Math.round(options.delayMs) : undefined;
    await this.queue.add(
      { ref: { runId: ref.runId, gateId: ref.gateId, attemptNumber: ref.attemptNumber } },
      { jobId: attemptJobId(ref), attempts: 1, removeOnComplete: true, removeOnFail: true, ...(delay ? { delay } : {}) },
    );
  }
}
