/**
 * The `auto` routing decision for one gate: the model with the lowest expected cost of *passing* the gate —
 * its own cost plus, when it fails (1 − p), the cost of the retry on the stage's static model — among models
 * trusted at the gate: at least MIN_TRUST_TRIALS trials of its own and a posterior lower bound on first-attempt
 * pass rate at the stage's target (and a mean latency under the ceiling, when set).
 *
 * Posteriors are pooled (see pooling.ts): a model's own trials at the gate on top of a prior lent by the other
 * models of its tier at the same gate, so a tier's record there is a head start, never a substitute.
 *
 * While no model is trusted at the gate every decision draws; once one is, the decision explores with a bounded
 * probability that decays as the gate's evidence grows (share × D / (D + trials at the gate)): Thompson sampling draws a pass rate from each posterior, and among
 * the models that could beat the greedy choice (an attempt cheaper than its expected cost of passing) the one
 * with the lowest sampled expected cost whose draw reaches the target wins. A failed exploration is retried on the
 * static model as any failure is. Pure: the same inputs and random stream give the same decision and explanation.
 */
import type { ModelInfo } from '../models/model-adapter';
import { betaMean, betaQuantile, sampleBeta } from './beta';
import { DEFAULT_EVIDENCE_OPTIONS, type GateModelEvidence } from './evidence';
import { pooledPosteriors } from './pooling';
import { DEFAULT_EXPLORATION_SHARE, DEFAULT_TARGET_PASS_RATE, MAX_EXPLORATION_SHARE } from './stage-routing';

/** Trials of its own at a gate (recency-weighted) before a model may be trusted there, whatever its prior. */
export const MIN_TRUST_TRIALS = 5;
/** Once a model is trusted at a gate, the exploration share halves when the gate has this many trials (all models), a third at twice as many, … */
export const EXPLORATION_DECAY_TRIALS = 400;

export interface AutoDecisionInput {
  gateId: string;
  /** Active models auto routing may choose from. */
  candidates: readonly ModelInfo[];
  /** What static routing would use; the safe choice when nothing is proven, and where failed attempts retry. */
  staticModel: ModelInfo;
  /** The gate's evidence (one kind: real or simulated), any models. */
  evidence: readonly GateModelEvidence[];
  /** The stage's own token estimates, used to price models before any evidence exists. */
  estimates?: { input_tokens: number; output_tokens: number } | null;
  targetPassRate?: number;
  maxLatencyMs?: number | null;
  explorationShare?: number;
  /** Uniform [0, 1): seed it per run, gate and attempt so a decision can be replayed. */
  random: () => number;
}

export type CandidateVerdict = 'chosen' | 'beaten' | 'under_floor' | 'too_slow';

export interface CandidateAssessment {
  modelId: string;
  tier: ModelInfo['tier'];
  samples: number;
  /** Pooled posterior (own trials on the tier's prior at this gate): mean and credible bounds. */
  meanPassRate: number;
  lowerBound: number;
  upperBound: number;
  /** Estimated cost of one attempt, USD. */
  attemptCostUsd: number;
  /** Attempt cost + (1 − p) × the retry on the static model, USD, with p the posterior mean. */
  expectedCostUsd: number;
  meanLatencyMs: number | null;
  /** The Thompson draw, when the decision explored. */
  sampledPassRate?: number;
  /** When the model was seen to change across gates (model-shift.ts): its evidence before then is set aside. */
  shiftSince?: string;
  verdict: CandidateVerdict;
}

export type AutoDecisionKind = 'exploit' | 'explore' | 'static_fallback';

export interface AutoRoutingRecord {
  mode: 'auto';
  kind: AutoDecisionKind;
  modelId: string;
  targetPassRate: number;
  maxLatencyMs: number | null;
  explorationShare: number;
  /** The share in force at this gate, after decay with its evidence. */
  effectiveExplorationShare?: number;
  /** Whether this decision drew Thompson samples (it may still pick the greedy choice). */
  explored: boolean;
  reason: string;
  candidates: CandidateAssessment[];
}

export interface AutoDecision {
  model: ModelInfo;
  record: AutoRoutingRecord;
}

/** Estimated cost of one attempt of `model` at this gate, USD. */
export function attemptCostUsd(model: ModelInfo, gateEvidence: readonly GateModelEvidence[], estimates?: { input_tokens: number; output_tokens: number } | null): number {
  const own = gateEvidence.find((e) => e.modelId === model.id && e.samples >= 3);
  if (own) return own.meanCostUsd;
  // Price the gate's typical token use (what other models spent here), else the stage's estimates.
  const weighted = gateEvidence.filter((e) => e.samples > 0);
  const total = weighted.reduce((sum, e) => sum + e.weightedTrials, 0);
  const tokensIn = total > 0 ? weighted.reduce((sum, e) => sum + e.meanTokensIn * e.weightedTrials, 0) / total : estimates?.input_tokens ?? 0;
  const tokensOut = total > 0 ? weighted.reduce((sum, e) => sum + e.meanTokensOut * e.weightedTrials, 0) / total : estimates?.output_tokens ?? 0;
  return (tokensIn / 1000) * Number(model.inputPricePer1k) + (tokensOut / 1000) * Number(model.outputPricePer1k);
}

export function decideAutoRoute(input: AutoDecisionInput): AutoDecision {
  const target = input.targetPassRate ?? DEFAULT_TARGET_PASS_RATE;
  const maxLatencyMs = input.maxLatencyMs ?? null;
  const share = Math.min(MAX_EXPLORATION_SHARE, Math.max(0, input.explorationShare ?? DEFAULT_EXPLORATION_SHARE));
  const pool = [...input.candidates.filter((m) => m.active)];
  if (!pool.some((m) => m.id === input.staticModel.id)) pool.push(input.staticModel);
  const evidenceOf = (id: string) => input.evidence.find((e) => e.modelId === id);
  const posteriors = pooledPosteriors(pool, input.evidence);
  const gateTrials = input.evidence.reduce((sum, e) => sum + e.samples, 0);
  const gateShare = share * (EXPLORATION_DECAY_TRIALS / (EXPLORATION_DECAY_TRIALS + gateTrials));
  const lowerQuantile = DEFAULT_EVIDENCE_OPTIONS.lowerQuantile;
  const upperQuantile = DEFAULT_EVIDENCE_OPTIONS.upperQuantile;

  const staticEvidence = evidenceOf(input.staticModel.id);
  const staticCost = attemptCostUsd(input.staticModel, input.evidence, input.estimates);
  // A retry runs on the static model until it passes: cost / p, with p at least the target (the static choice is the trusted one).
  const staticPass = Math.max(target, staticEvidence ? betaMean(posteriors.get(input.staticModel.id)!) : target);
  const retryCost = staticCost / staticPass;

  const assessments: CandidateAssessment[] = pool.map((model) => {
    const evidence = evidenceOf(model.id);
    const posterior = posteriors.get(model.id)!;
    const meanPassRate = betaMean(posterior);
    const lowerBound = betaQuantile(posterior, lowerQuantile);
    const cost = attemptCostUsd(model, input.evidence, input.estimates);
    const latency = evidence && evidence.samples > 0 ? evidence.meanLatencyMs : null;
    const trusted = (evidence?.weightedTrials ?? 0) >= MIN_TRUST_TRIALS - 0.5 && lowerBound >= target;
    return {
      modelId: model.id,
      tier: model.tier,
      samples: evidence?.samples ?? 0,
      meanPassRate,
      lowerBound,
      upperBound: betaQuantile(posterior, upperQuantile),
      attemptCostUsd: cost,
      expectedCostUsd: expectedCost(cost, meanPassRate, retryCost),
      meanLatencyMs: latency,
      ...(evidence?.shift ? { shiftSince: evidence.shift.since } : {}),
      verdict: maxLatencyMs !== null && latency !== null && latency > maxLatencyMs ? 'too_slow' : trusted ? 'beaten' : 'under_floor',
    };
  });

  const fast = assessments.filter((a) => a.verdict !== 'too_slow');
  const trusted = fast.filter((a) => a.verdict === 'beaten');
  const greedy = cheapest(trusted, (a) => a.expectedCostUsd);

  let chosen = greedy;
  let explored = false;
  // Nothing trusted yet: the alternative is the static model's full price, so every decision draws (exploration
  // switched off with a share of 0 stays off).
  const drawShare = share > 0 && !greedy ? 1 : gateShare;
  if (drawShare > 0 && input.random() < drawShare) {
    explored = true;
    // Only a model that could beat the greedy choice is worth a trial (with no greedy choice, the static model's cost).
    const bar = greedy?.expectedCostUsd ?? staticCost / staticPass;
    for (const a of fast) a.sampledPassRate = sampleBeta(posteriors.get(a.modelId)!, input.random);
    const plausible = fast.filter((a) => a !== greedy && a.attemptCostUsd < bar && a.sampledPassRate! >= target);
    const sampledCost = (a: CandidateAssessment) => expectedCost(a.attemptCostUsd, a.sampledPassRate!, retryCost);
    const pick = cheapest(plausible, sampledCost);
    if (pick && sampledCost(pick) < bar) chosen = pick;
  }

  let kind: AutoDecisionKind;
  let model: ModelInfo;
  if (!chosen) {
    kind = 'static_fallback';
    model = input.staticModel;
    chosen = assessments.find((a) => a.modelId === model.id)!;
  } else {
    kind = chosen === greedy ? 'exploit' : 'explore';
    model = pool.find((m) => m.id === chosen!.modelId)!;
  }
  chosen.verdict = 'chosen';

  return {
    model,
    record: {
      mode: 'auto',
      kind,
      modelId: model.id,
      targetPassRate: target,
      maxLatencyMs,
      explorationShare: share,
      effectiveExplorationShare: gateShare,
      explored,
      reason: explain(kind, chosen, assessments, target, input.gateId),
      candidates: assessments.sort((a, b) => a.expectedCostUsd - b.expectedCostUsd),
    },
  };
}

function expectedCost(attemptCost: number, passRate: number, retryCost: number): number {
  return attemptCost + (1 - passRate) * retryCost;
}

function cheapest<T>(items: readonly T[], cost: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || cost(item) < cost(best)) best = item;
  return best;
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const usd = (value: number) => `$${value < 0.01 ? value.toFixed(5) : value.toFixed(4)}`;

function explain(kind: AutoDecisionKind, chosen: CandidateAssessment, all: readonly CandidateAssessment[], target: number, gateId: string): string {
  const evidence = chosen.samples > 0 ? `pass rate ${pct(chosen.meanPassRate)} (lower bound ${pct(chosen.lowerBound)}, ${chosen.samples} trials)` : 'no trials yet';
  const beaten = all.filter((a) => a.verdict === 'beaten').map((a) => `${a.modelId} ${usd(a.expectedCostUsd)}`);
  const under = all.filter((a) => a.verdict === 'under_floor').length;
  const slow = all.filter((a) => a.verdict === 'too_slow').length;
  const shifted = all.filter((a) => a.shiftSince && a.verdict !== 'chosen').map((a) => a.modelId);
  const rest = [
    beaten.length ? `beat ${beaten.join(', ')}` : '',
    under ? `${under} under the ${pct(target)} floor` : '',
    slow ? `${slow} over the latency ceiling` : '',
    shifted.length ? `judged only since a change seen across gates: ${shifted.join(', ')}` : '',
  ].filter(Boolean).join('; ');
  switch (kind) {
    case 'exploit':
      return `${chosen.modelId}: lowest expected cost of passing ${gateId} (${usd(chosen.expectedCostUsd)}) with ${evidence}${rest ? `; ${rest}` : ''}`;
    case 'explore':
      return `${chosen.modelId}: exploring (Thompson draw ${pct(chosen.sampledPassRate!)} ≥ ${pct(target)}), ${evidence}, expected ${usd(chosen.expectedCostUsd)}; a failure retries on the stage's static model${rest ? `; ${rest}` : ''}`;
    case 'static_fallback':
      return `${chosen.modelId}: the stage's static model — no model has yet shown a lower bound ≥ ${pct(target)} at ${gateId} (${evidence})${rest ? `; ${rest}` : ''}`;
  }
}
