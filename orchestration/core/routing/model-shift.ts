/**
 * A model's regression, seen across gates: a provider that changes a model makes it worse at many gates at once, but
 * each gate × model posterior sees only its own few trials of it and needs a run or two per failure to notice. Here
 * a model's first attempts at every gate are read in order; each trial is compared with what the model's record at
 * that gate (since the last shift) predicted, and when the newest trials fail far more often than predicted — a
 * Poisson tail below SHIFT_ALPHA — the model is taken to have changed where that run of trials began. Evidence older
 * than the shift is set aside at every gate (evidence.ts), so the model is judged on what it does now: no longer
 * trusted where it regressed, and explored again from its tier's record, not its own stale one.
 */
import type { RoutingObservation } from './evidence';

/** Probability, under the model's record, of failing at least this often: below it, the model has changed. */
export const SHIFT_ALPHA = 1e-5;
/** A run of at most this many of the newest trials (across gates) is tested. */
export const SHIFT_WINDOW = 16;
/** Trials at a gate since the last shift before that gate's record predicts anything. */
export const SHIFT_BASELINE_TRIALS = 8;
/** Fewer failures than this never make a shift, however unlikely (one or two flukes are just that). */
export const SHIFT_MIN_FAILURES = 4;

export interface ModelShift {
  modelId: string;
  simulated: boolean;
  /** Trials before this moment no longer count for the model (any gate). */
  since: Date;
  /** The run of trials that showed it: failures seen and expected from the record. */
  failures: number;
  expectedFailures: number;
  trials: number;
}

interface Scored {
  at: Date;
  failed: boolean;
  /** Predicted failure probability, or null when the gate had no record yet. */
  expected: number | null;
}

/**
 * The latest shift in one model's trials (one kind, real or simulated, any gates), or null. Deterministic: the same
 * trials give the same answer whatever their order.
 */
export function findModelShift(trials: readonly RoutingObservation[]): ModelShift | null {
  if (trials.length === 0) return null;
  const ordered = [...trials].sort((a, b) => a.at.getTime() - b.at.getTime() || a.gateId.localeCompare(b.gateId));
  let counts = new Map<string, { passes: number; trials: number }>();
  let recent: Scored[] = [];
  let shift: ModelShift | null = null;

  for (const trial of ordered) {
    const record = counts.get(trial.gateId);
    const expected = record && record.trials >= SHIFT_BASELINE_TRIALS ? 1 - (record.passes + 1) / (record.trials + 2) : null;
    recent.push({ at: trial.at, failed: !trial.passed, expected });
    if (recent.length > SHIFT_WINDOW) recent.shift();
    bump(counts, trial);

    const found = testRecent(recent);
    if (found) {
      shift = { modelId: trial.modelId, simulated: trial.simulated, ...found };
      // Start over from the trials that showed the change: they are the model's record now.
      const kept = ordered.filter((t) => t.at >= found.since && t.at <= trial.at);
      counts = new Map();
      for (const t of kept) bump(counts, t);
      recent = [];
    }
  }
  return shift;
}

function bump(counts: Map<string, { passes: number; trials: number }>, trial: RoutingObservation): void {
  const record = counts.get(trial.gateId) ?? { passes: 0, trials: 0 };
  record.trials += 1;
  if (trial.passed) record.passes += 1;
  counts.set(trial.gateId, record);
}

/** The newest run of scored trials (ending at the newest) whose failures are least likely under the record, if unlikely enough. */
function testRecent(recent: readonly Scored[]): Omit<ModelShift, 'modelId' | 'simulated'> | null {
  let failures = 0;
  let expected = 0;
  let scored = 0;
  for (let i = recent.length - 1; i >= 0; i--) {
    const trial = recent[i];
    if (trial.expected === null) continue;
    scored += 1;
    expected += trial.expected;
    if (trial.failed) failures += 1;
    // Only a run that starts with a failure can mark where the change began.
    if (!trial.failed || failures < SHIFT_MIN_FAILURES) continue;
    if (poissonTail(failures, expected) < SHIFT_ALPHA) return { since: trial.at, failures, expectedFailures: expected, trials: scored };
  }
  return null;
}

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  let term = Math.exp(-lambda);
  let below = term;
  for (let i = 1; i < k; i++) {
    term *= lambda / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}
