/**
 * Which recorded attempts are trials of a model at a gate: first attempts that the model itself passed or failed.
 * Failures that say nothing about the model's quality (the budget ran out, the run was cancelled, the worker died,
 * the provider errored, the contract file is broken) are not evidence; nor are operator decisions.
 */
import { FAIL_CODES } from '../engine/fail-codes';
import type { GateAttemptSummary } from '../engine/ports';
import type { RoutingObservation } from './evidence';

export const NOT_EVIDENCE_FAIL_CODES: readonly string[] = [
  FAIL_CODES.BUDGET_EXCEEDED,
  FAIL_CODES.CANCELLED,
  FAIL_CODES.WORKER_LOST,
  FAIL_CODES.MODEL_ERROR,
  FAIL_CODES.CONTRACT_ERROR,
  FAIL_CODES.AGENT_ERROR,
];

/** Whether an attempt counts as a first-attempt trial. */
export function isRoutingTrial(attempt: Pick<GateAttemptSummary, 'attemptNumber' | 'status' | 'overriddenBy' | 'failCodes'>): boolean {
  if (attempt.attemptNumber !== 1 || attempt.overriddenBy) return false;
  if (attempt.status === 'passed' || attempt.status === 'warning') return true;
  return attempt.status === 'failed' && !attempt.failCodes.some((code) => NOT_EVIDENCE_FAIL_CODES.includes(code));
}

/** One trial per distinct model that served the attempt (a parallel gate may use several; cost is shared evenly). */
export type TrialAttempt = Pick<
  GateAttemptSummary,
  'gateId' | 'attemptNumber' | 'status' | 'overriddenBy' | 'failCodes' | 'routing' | 'modelId' | 'tokensIn' | 'tokensOut' | 'costUsd' | 'durationMs' | 'simulated' | 'completedAt' | 'createdAt'
>;

export function observationsFromAttempt(attempt: TrialAttempt, source: RoutingObservation['source'] = 'attempt'): RoutingObservation[] {
  if (!isRoutingTrial(attempt)) return [];
  const models = [...new Set((attempt.routing ?? []).map((r) => r.modelId).filter(Boolean))];
  if (models.length === 0 && attempt.modelId) models.push(attempt.modelId);
  const share = 1 / Math.max(1, models.length);
  return models.map((modelId) => ({
    gateId: attempt.gateId,
    modelId,
    passed: attempt.status !== 'failed',
    tokensIn: attempt.tokensIn * share,
    tokensOut: attempt.tokensOut * share,
    costUsd: Number(attempt.costUsd) * share,
    latencyMs: attempt.durationMs ?? 0,
    simulated: attempt.simulated,
    source,
    at: attempt.completedAt ?? attempt.createdAt,
  }));
}
