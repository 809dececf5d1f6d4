/**
 * Evidence per gate × model: every first attempt is a labelled trial (passed the contract or not, tokens, cost,
 * latency). Newer trials weigh more (a half-life counted in trials of the same gate × model, so a provider's
 * regression shows after a few failures whatever the traffic), experiments count like attempts, and real and
 * simulated trials are never mixed.
 */
import { betaMean, betaQuantile, posteriorOf, UNIFORM_PRIOR, type BetaPosterior } from './beta';
import { findModelShift, type ModelShift } from './model-shift';

export interface RoutingObservation {
  gateId: string;
  modelId: string;
  /** Passed (or passed with warnings) on its first attempt. */
  passed: boolean;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  simulated: boolean;
  source: 'attempt' | 'experiment';
  /** Orders trials: newer weighs more. */
  at: Date;
}

export interface EvidenceOptions {
  /**
   * A trial this many newer trials of the same gate × model ago counts half. Default 160: sudden regressions are
   * caught across gates by model-shift.ts, so this only follows slow drift, and a long memory keeps a good model's
   * bound steady (the routing bench over 8 seeds: half-life 20 → 160 cut regret from 17 % to 10 %).
   */
  halfLifeTrials: number;
  /**
   * Lower and upper credible bounds are these quantiles of the posterior. Default 0.25 / 0.95: a model is trusted
   * when it is 75 % likely to meet the floor (tuned with the routing bench: 0.1 needed ~50 trials per gate × model
   * and kept auto on the frontier for most of 600 runs).
   */
  lowerQuantile: number;
  upperQuantile: number;
  prior: BetaPosterior;
  /** Trials older than the newest this many (per gate × model) are ignored. Default 300. */
  maxTrials: number;
}

export const DEFAULT_EVIDENCE_OPTIONS: Readonly<EvidenceOptions> = {
  halfLifeTrials: 160,
  lowerQuantile: 0.25,
  upperQuantile: 0.95,
  prior: UNIFORM_PRIOR,
  maxTrials: 300,
};

export interface GateModelEvidence {
  gateId: string;
  modelId: string;
  simulated: boolean;
  /** Trials counted (unweighted), and how many of them came from experiments. */
  samples: number;
  experimentSamples: number;
  /** Recency-weighted passes and trials behind the posterior. */
  weightedPasses: number;
  weightedTrials: number;
  posterior: BetaPosterior;
  meanPassRate: number;
  lowerBound: number;
  upperBound: number;
  /** Recency-weighted means. */
  meanCostUsd: number;
  meanLatencyMs: number;
  meanTokensIn: number;
  meanTokensOut: number;
  lastAt: string | null;
  /** When the model was seen to change (model-shift.ts): its trials before then, at any gate, are not counted here. */
  shift?: { since: string; failures: number; expectedFailures: number; trials: number } | null;
}

/** Summarises the trials of one gate × model (any order; the newest `maxTrials` are used). */
export function summariseEvidence(
  key: { gateId: string; modelId: string; simulated: boolean },
  trials: readonly RoutingObservation[],
  options: Partial<EvidenceOptions> = {},
): GateModelEvidence {
  const o = { ...DEFAULT_EVIDENCE_OPTIONS, ...options };
  const newestFirst = [...trials].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, o.maxTrials);
  let weight = 0;
  let passes = 0;
  let cost = 0;
  let latency = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  newestFirst.forEach((trial, age) => {
    const w = Math.pow(0.5, age / o.halfLifeTrials);
    weight += w;
    if (trial.passed) passes += w;
    cost += w * trial.costUsd;
    latency += w * trial.latencyMs;
    tokensIn += w * trial.tokensIn;
    tokensOut += w * trial.tokensOut;
  });
  const posterior = posteriorOf(passes, weight - passes, o.prior);
  const mean = (total: number) => (weight > 0 ? total / weight : 0);
  return {
    ...key,
    samples: newestFirst.length,
    experimentSamples: newestFirst.filter((trial) => trial.source === 'experiment').length,
    weightedPasses: passes,
    weightedTrials: weight,
    posterior,
    meanPassRate: betaMean(posterior),
    lowerBound: betaQuantile(posterior, o.lowerQuantile),
    upperBound: betaQuantile(posterior, o.upperQuantile),
    meanCostUsd: mean(cost),
    meanLatencyMs: mean(latency),
    meanTokensIn: mean(tokensIn),
    meanTokensOut: mean(tokensOut),
    lastAt: newestFirst[0]?.at.toISOString() ?? null,
  };
}

/**
 * Groups trials by gate × model × real/simulated and summarises each group, leaving out trials from before a model's
 * shift (found in `history`: each model's newest trials at every gate, which may be more than `trials` holds).
 */
export function summariseAllEvidence(trials: readonly RoutingObservation[], options: Partial<EvidenceOptions> = {}, history: readonly RoutingObservation[] = trials): GateModelEvidence[] {
  const shifts = findModelShifts(history);
  const groups = new Map<string, RoutingObservation[]>();
  for (const trial of trials) {
    const shift = shifts.get(modelKey(trial.modelId, trial.simulated));
    if (shift && trial.at < shift.since) continue;
    const key = evidenceKey(trial.gateId, trial.modelId, trial.simulated);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(trial);
  }
  return [...groups.values()].map((group) => {
    const summary = summariseEvidence({ gateId: group[0].gateId, modelId: group[0].modelId, simulated: group[0].simulated }, group, options);
    return { ...summary, shift: shiftSummary(shifts.get(modelKey(summary.modelId, summary.simulated))) };
  });
}

/** The latest shift of each model × kind seen in these trials (model-shift.ts), by modelKey. */
export function findModelShifts(trials: readonly RoutingObservation[]): Map<string, ModelShift> {
  const byModel = new Map<string, RoutingObservation[]>();
  for (const trial of trials) {
    const key = modelKey(trial.modelId, trial.simulated);
    let list = byModel.get(key);
    if (!list) byModel.set(key, (list = []));
    list.push(trial);
  }
  const out = new Map<string, ModelShift>();
  for (const [key, list] of byModel) {
    const shift = findModelShift(list);
    if (shift) out.set(key, shift);
  }
  return out;
}

function shiftSummary(shift: ModelShift | undefined): GateModelEvidence['shift'] {
  return shift ? { since: shift.since.toISOString(), failures: shift.failures, expectedFailures: shift.expectedFailures, trials: shift.trials } : null;
}

function modelKey(modelId: string, simulated: boolean): string {
  return `${modelId}\u0000${simulated ? 'sim' : 'real'}`;
}

export function evidenceKey(gateId: string, modelId: string, simulated: boolean): string {
  return `${gateId}\u0000${modelId}\u0000${simulated ? 'sim' : 'real'}`;
}

/**
 * Where the auto router reads evidence: the gate's evidence for every model that has any, of one kind (real or
 * simulated). The server answers from the database; the bench and tests from an `EvidenceBook`.
 */
export interface EvidenceSource {
  forGate(gateId: string, simulated: boolean): Promise<GateModelEvidence[]> | GateModelEvidence[];
}

/** In-memory evidence that grows as trials are recorded (the bench, tests, the local engine). */
export class EvidenceBook implements EvidenceSource {
  private readonly trials = new Map<string, RoutingObservation[]>();
  private readonly summaries = new Map<string, GateModelEvidence>();
  /** Each model × kind's latest shift (null: none), recomputed when the model records a trial. */
  private readonly shifts = new Map<string, ModelShift | null>();

  constructor(private readonly options: Partial<EvidenceOptions> = {}) {}

  record(trial: RoutingObservation): void {
    const key = evidenceKey(trial.gateId, trial.modelId, trial.simulated);
    let list = this.trials.get(key);
    if (!list) this.trials.set(key, (list = []));
    list.push(trial);
    const cap = this.options.maxTrials ?? DEFAULT_EVIDENCE_OPTIONS.maxTrials;
    if (list.length > cap * 2) list.splice(0, list.length - cap);
    this.summaries.delete(key);
    const model = modelKey(trial.modelId, trial.simulated);
    if (this.shifts.delete(model)) {
      // A new shift changes the model's evidence at every gate.
      for (const [other, summary] of this.summaries) if (summary.modelId === trial.modelId && summary.simulated === trial.simulated) this.summaries.delete(other);
    }
  }

  forGate(gateId: string, simulated: boolean): GateModelEvidence[] {
    const out: GateModelEvidence[] = [];
    for (const [key, list] of this.trials) {
      const first = list[0];
      if (first.gateId !== gateId || first.simulated !== simulated) continue;
      let summary = this.summaries.get(key);
      if (!summary) {
        const shift = this.shiftOf(first.modelId, simulated);
        const counted = shift ? list.filter((trial) => trial.at >= shift.since) : list;
        summary = { ...summariseEvidence({ gateId, modelId: first.modelId, simulated }, counted, this.options), shift: shiftSummary(shift ?? undefined) };
        this.summaries.set(key, summary);
      }
      out.push(summary);
    }
    return out;
  }

  private shiftOf(modelId: string, simulated: boolean): ModelShift | null {
    const key = modelKey(modelId, simulated);
    if (!this.shifts.has(key)) {
      const history = [...this.trials.values()].filter((list) => list[0].modelId === modelId && list[0].simulated === simulated).flat();
      this.shifts.set(key, findModelShift(history));
    }
    return this.shifts.get(key)!;
  }
}
