/**
 * Pooled pass-rate posteriors for one gate: each model's own (recency-weighted) trials on top of a prior lent by
 * the other models of its tier at the same gate. Models of a tier are priced and built alike, so their record at a
 * gate is the best guess for a sibling that has not run it yet — a head start for exploration and for trust, worth
 * at most POOL_STRENGTH trials, so a model's own evidence outweighs it within a few dozen trials and a regression
 * of one model still shows. With no sibling evidence the prior is uniform.
 */
import { posteriorOf, UNIFORM_PRIOR, type BetaPosterior } from './beta';
import type { GateModelEvidence } from './evidence';

/** Pseudo-trials the tier's record at the gate lends a sibling. */
export const POOL_STRENGTH = 24;

export function pooledPosteriors(models: ReadonlyArray<{ id: string; tier: string }>, gateEvidence: readonly GateModelEvidence[]): Map<string, BetaPosterior> {
  const tierOf = new Map(models.map((m) => [m.id, m.tier]));
  const out = new Map<string, BetaPosterior>();
  for (const model of models) {
    let passes = 0;
    let trials = 0;
    for (const e of gateEvidence) {
      if (e.modelId === model.id || tierOf.get(e.modelId) !== model.tier) continue;
      passes += e.weightedPasses;
      trials += e.weightedTrials;
    }
    const own = gateEvidence.find((e) => e.modelId === model.id);
    // A model seen to change (model-shift.ts) is judged on its own trials since: its tier's record is not its own any more.
    const strength = own?.shift ? 0 : Math.min(POOL_STRENGTH, trials);
    const rate = trials > 0 ? passes / trials : 0.5;
    const prior = { alpha: UNIFORM_PRIOR.alpha + strength * rate, beta: UNIFORM_PRIOR.beta + strength * (1 - rate) };
    out.set(model.id, own ? posteriorOf(own.weightedPasses, own.weightedTrials - own.weightedPasses, prior) : prior);
  }
  return out;
}
