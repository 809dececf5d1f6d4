/** A model's change seen across its gates: found fast when real, not imagined from ordinary failures, and applied to the evidence. */
import { decideAutoRoute } from '../../core/routing/auto-decision';
import { EvidenceBook, summariseAllEvidence, type RoutingObservation } from '../../core/routing/evidence';
import { findModelShift, poissonTail } from '../../core/routing/model-shift';
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { Rng } from '../../core/simulator/rng';

const GATES = ['G1', 'G2.2', 'G5.2', 'G5.3', 'G7', 'G8', 'G9'];

/** `runs` runs, each a first attempt at every gate in GATES (in order, a second apart), passing with probability `rate(run)`. */
function history(modelId: string, runs: number, rate: (run: number) => number, seed = 'shift', startRun = 0): RoutingObservation[] {
  const rng = new Rng(`${seed}|${modelId}`);
  const out: RoutingObservation[] = [];
  let t = Date.parse('2026-01-01T00:00:00Z') + startRun * GATES.length * 1000;
  for (let run = startRun; run < startRun + runs; run++) {
    for (const gateId of GATES) {
      out.push({ gateId, modelId, passed: rng.next() < rate(run), tokensIn: 1000, tokensOut: 500, costUsd: 0.001, latencyMs: 500, simulated: true, source: 'attempt', at: new Date((t += 1000)) });
    }
  }
  return out;
}

describe('model shift across gates', () => {
  it('computes Poisson tails', () => {
    expect(poissonTail(0, 2)).toBe(1);
    expect(poissonTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 10);
    expect(poissonTail(3, 0.3)).toBeCloseTo(1 - Math.exp(-0.3) * (1 + 0.3 + 0.045), 10);
  });

  it('finds a regression at many gates within a few runs of it, dated from its first failure', () => {
    const before = history('gpt-4o-mini', 60, () => 0.98);
    const after = history('gpt-4o-mini', 5, () => 0.6, 'after', 60);
    const trials = [...before, ...after];
    const shift = findModelShift(trials);
    expect(shift).not.toBeNull();
    expect(shift!.since.getTime()).toBeGreaterThanOrEqual(after[0].at.getTime());
    expect(shift!.failures).toBeGreaterThan(shift!.expectedFailures * 5);
    // The same answer whatever order the trials come in.
    expect(findModelShift([...trials].reverse())!.since).toEqual(shift!.since);
  });

  it('does not see a change in a healthy model\'s ordinary failures, over many seeds', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      expect(findModelShift(history('claude-haiku-3.5', 300, () => 0.95, seed))).toBeNull();
    }
  });

  it('needs a record to compare with: failures at gates the model has barely run are no shift', () => {
    const fresh = history('gemini-2.5-flash', 4, () => 0);
    expect(findModelShift(fresh)).toBeNull();
  });

  it('sets older trials aside at every gate, so the model is no longer trusted where it regressed', () => {
    const before = history('gpt-4o-mini', 60, () => 0.98);
    const after = history('gpt-4o-mini', 5, () => 0.6, 'after', 60);
    const book = new EvidenceBook();
    for (const trial of before) book.record(trial);
    const mini = BUILT_IN_MODELS.find((m) => m.id === 'gpt-4o-mini')!;
    const frontier = BUILT_IN_MODELS.find((m) => m.id === 'claude-opus-4')!;
    const decide = () => decideAutoRoute({ gateId: 'G8', candidates: [mini, frontier], staticModel: frontier, evidence: book.forGate('G8', true), explorationShare: 0, random: () => 0.5 });
    expect(decide().model.id).toBe('gpt-4o-mini');

    for (const trial of after) book.record(trial);
    const evidence = book.forGate('G8', true).find((e) => e.modelId === 'gpt-4o-mini')!;
    expect(evidence.shift).toBeTruthy();
    expect(evidence.samples).toBeLessThanOrEqual(5);
    const decision = decide();
    expect(decision.model.id).toBe('claude-opus-4');
    const assessed = decision.record.candidates.find((c) => c.modelId === 'gpt-4o-mini')!;
    expect(assessed.verdict).toBe('under_floor');
    expect(assessed.shiftSince).toBe(evidence.shift!.since);

    // The database path (summariseAllEvidence with each model's history across gates) agrees with the book.
    const g8 = [...before, ...after].filter((t) => t.gateId === 'G8');
    const summarised = summariseAllEvidence(g8, {}, [...before, ...after]).find((e) => e.modelId === 'gpt-4o-mini')!;
    expect(summarised.samples).toBe(evidence.samples);
    expect(summarised.shift?.since).toBe(evidence.shift!.since);
  });
});
