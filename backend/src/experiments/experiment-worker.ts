import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { ExperimentRunner } from './experiment-runner';
import { EXPERIMENTS_QUEUE, type ExperimentJob } from './experiments-queue';

/** Experiments at a time per worker process: each one runs its candidates one after another. */
const EXPERIMENT_CONCURRENCY = 2;
/** How long shutdown waits for running experiments before marking them failed. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Takes jobs from the `experiments` queue in the worker process (or the API with RUN_WORKER_IN_API). Separate from
 * the gate-attempts processor so experiments never delay or change runs.
 */
@Injectable()
export class ExperimentWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Experiments');
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly runner: ExperimentRunner,
    @InjectQueue(EXPERIMENTS_QUEUE) private readonly queue: Queue<ExperimentJob>,
  ) {}

  onApplicationBootstrap(): void {
    // process() resolves only when the queue closes: not awaited.
    this.queue
      .process(EXPERIMENT_CONCURRENCY, (job: Job<ExperimentJob>) => this.handle(job))
      .catch((error: Error) => this.logger.error(`Experiment processing stopped: ${error.message}`));
    this.logger.log(`Processing ${EXPERIMENTS_QUEUE} with concurrency ${EXPERIMENT_CONCURRENCY}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.pause(true, true).catch(() => undefined);
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.inFlight.values()), new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)))]);
    clearTimeout(timer);
    // Not resumable (candidates hold no lease): say so rather than leave them "running" forever.
    for (const experimentId of this.inFlight.keys()) await this.runner.abandon(experimentId, 'the worker stopped while the experiment ran').catch(() => undefined);
  }

  private async handle(job: Job<ExperimentJob>): Promise<void> {
    const experimentId = job.data?.experimentId;
    if (typeof experimentId !== 'string') {
      this.logger.error(`Job ${job.id} has no experiment id; dropped`);
      return;
    }
    const work = this.runner.execute(experimentId);
    this.inFlight.set(experimentId, work);
    try {
      await work;
    } finally {
      this.inFlight.delete(experimentId);
    }
  }
}
