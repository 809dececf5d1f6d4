/**
 * The `auto` routing decision for one gate: the model with the lowest expected cost of *passing* the gate —
 * its own cost plus, when it fails (1 − p), the cost of the retry on the stage's static model — among models
 * whose posterior lower bound on first-attempt pass rate reaches the stage's target (and whose mean latency is
 * under the ceiling, when set). With a bounded probability the decision explores instead: Thompson sampling
 * draws a pass rate from each posterior and the cheapest model whose draw reaches the target wins, so new and
 * cheaper models get tried; a failed exploration is retried on the static model as any failure is.
 * Pure: the same inputs and random stream give the same decision and the same explanation.
 */
import type { ModelInfo } from '../models/model-adapter';
import { betaMean, sampleBeta, UNIFORM_PRIOR } from './beta';
import type { GateModelEvidence } from './evidence';
import { DEFAULT_EXPLORATION_SHARE, DEFAULT_TARGET_PASS_RATE, MAX_EXPLORATION_SHARE } from './stage-routing';

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

  const staticEvidence = evidenceOf(input.staticModel.id);
  const staticCost = attemptCostUsd(input.staticModel, input.evidence, input.estimates);
  // A retry runs on the static model until it passes: cost / p, with p at least the target (the static choice is the trusted one).
  const staticPass = Math.max(target, staticEvidence ? staticEvidence.meanPassRate : target);
  const retryCost = staticCost / staticPass;

  const assessments: CandidateAssessment[] = pool.map((model) => {
    const evidence = evidenceOf(model.id);
    const meanPassRate = evidence?.meanPassRate ?? betaMean(UNIFORM_PRIOR);
    const cost = attemptCostUsd(model, input.evidence, input.estimates);
    const latency = evidence && evidence.samples > 0 ? evidence.meanLatencyMs : null;
    return {
      modelId: model.id,
      tier: model.tier,
      samples: evidence?.samples ?? 0,
      meanPassRate,
      lowerBound: evidence?.lowerBound ?? 0,
      upperBound: evidence?.upperBound ?? 1,
      attemptCostUsd: cost,
      expectedCostUsd: expectedCost(cost, meanPassRate, retryCost),
      meanLatencyMs: latency,
      verdict: maxLatencyMs !== null && latency !== null && latency > maxLatencyMs ? 'too_slow' : evidence && evidence.lowerBound >= target ? 'beaten' : 'under_floor',
    };
  });

  const fast = assessments.filter((a) => a.verdict !== 'too_slow');
  const trusted = fast.filter((a) => a.verdict === 'beaten');
  const greedy = cheapest(trusted, (a) => a.expectedCostUsd);

  let chosen = greedy;
  let explored = false;
  if (share > 0 && input.random() < share) {
    explored = true;
    for (const a of fast) {
      const evidence = evidenceOf(a.modelId);
      a.sampledPassRate = sampleBeta(evidence?.posterior ?? UNIFORM_PRIOR, input.random);
    }
    const plausible = fast.filter((a) => a.sampledPassRate! >= target);
    const pick = cheapest(plausible, (a) => expectedCost(a.attemptCostUsd, a.sampledPassRate!, retryCost));
    if (pick) chosen = pick;
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
  const rest = [
    beaten.length ? `beat ${beaten.join(', ')}` : '',
    under ? `${under} under the ${pct(target)} floor` : '',
    slow ? `${slow} over the latency ceiling` : '',
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
