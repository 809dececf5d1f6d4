/** Experiments run on their own Bull queue, beside (not inside) the run engine's gate-attempts queue. */
export const EXPERIMENTS_QUEUE = 'experiments';

export interface ExperimentJob {
  experimentId: string;
}

/** One job per experiment: enqueueing the same experiment twice adds nothing while its job exists. */
export function experimentJobId(experimentId: string): string {
  return `experiment:${experimentId}`;
}
