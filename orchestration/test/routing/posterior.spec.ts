/** Beta posteriors (mean, credible bounds, seeded draws) and evidence per gate × model (recency, kinds, sources). */
import { betaMean, betaQuantile, posteriorOf, sampleBeta } from '../../core/routing/beta';
import { EvidenceBook, summariseAllEvidence, summariseEvidence } from '../../core/routing/evidence';
import { Rng } from '../../core/simulator/rng';
import { trials } from './support';

describe('Beta posterior', () => {
  it('has the closed-form quantiles where they exist', () => {
    expect(betaQuantile({ alpha: 1, beta: 1 }, 0.3)).toBeCloseTo(0.3, 6);
    expect(betaQuantile({ alpha: 2, beta: 2 }, 0.5)).toBeCloseTo(0.5, 6);
    // Beta(n + 1, 1): P(X ≤ x) = x^(n+1)
    expect(betaQuantile({ alpha: 21, beta: 1 }, 0.1)).toBeCloseTo(Math.pow(0.1, 1 / 21), 6);
    // Beta(1, n + 1): P(X ≤ x) = 1 − (1 − x)^(n+1)
    expect(betaQuantile({ alpha: 1, beta: 5 }, 0.9)).toBeCloseTo(1 - Math.pow(0.1, 1 / 5), 6);
  });

  it('uses the normal limit for posteriors of thousands of trials', () => {
    const p = { alpha: 9_700, beta: 300 };
    const sd = Math.sqrt((0.97 * 0.03) / 10_001);
    expect(betaQuantile(p, 0.25)).toBeCloseTo(0.97 - 0.6745 * sd, 5);
    expect(betaQuantile(p, 0.5)).toBeCloseTo(0.97, 5);
  });

  it('tightens around the observed rate as trials accumulate', () => {
    const few = posteriorOf(9, 1);
    const many = posteriorOf(90, 10);
    expect(betaMean(few)).toBeCloseTo(10 / 12, 6);
    expect(betaQuantile(many, 0.1)).toBeGreaterThan(betaQuantile(few, 0.1));
    expect(betaQuantile(many, 0.9)).toBeLessThan(betaQuantile(few, 0.9));
  });

  it('draws reproducibly from a seed, centred on the posterior mean', () => {
    const draw = (seed: string) => {
      const rng = new Rng(seed);
      return Array.from({ length: 4000 }, () => sampleBeta({ alpha: 30, beta: 10 }, () => rng.next()));
    };
    const a = draw('s');
    expect(draw('s')).toEqual(a);
    const mean = a.reduce((sum, x) => sum + x, 0) / a.length;
    expect(mean).toBeCloseTo(0.75, 1.5);
    expect(a.every((x) => x > 0 && x < 1)).toBe(true);
  });
});

describe('evidence per gate × model', () => {
  const key = { gateId: 'G3', modelId: 'cheap', simulated: false };

  it('weighs recent trials more, so slow drift shows (sudden changes are model-shift.ts\'s)', () => {
    const steady = summariseEvidence(key, trials('G3', 'cheap', [[true, 300]]));
    const regressed = summariseEvidence(key, trials('G3', 'cheap', [[true, 300], [false, 30]]));
    const recovered = summariseEvidence(key, trials('G3', 'cheap', [[false, 30], [true, 300]]));
    expect(steady.lowerBound).toBeGreaterThan(0.9);
    expect(regressed.lowerBound).toBeLessThan(0.9);
    // The same thirty failures a half-life or two ago weigh far less than thirty just now.
    expect(recovered.meanPassRate).toBeGreaterThan(regressed.meanPassRate + 0.05);
    expect(regressed.samples).toBe(300); // the newest maxTrials count
  });

  it('keeps real and simulated trials apart and counts experiments as evidence', () => {
    const all = summariseAllEvidence([
      ...trials('G3', 'cheap', [[true, 10]]),
      ...trials('G3', 'cheap', [[false, 10]], { simulated: true }),
      ...trials('G3', 'cheap', [[true, 5]], { source: 'experiment' }),
    ]);
    const real = all.find((e) => !e.simulated)!;
    const simulated = all.find((e) => e.simulated)!;
    expect(real.samples).toBe(15);
    expect(real.experimentSamples).toBe(5);
    expect(real.meanPassRate).toBeGreaterThan(0.9);
    expect(simulated.samples).toBe(10);
    expect(simulated.meanPassRate).toBeLessThan(0.1);
  });

  it('EvidenceBook answers per gate and kind and updates as trials arrive', () => {
    const book = new EvidenceBook();
    for (const t of trials('G1', 'a', [[true, 3]])) book.record(t);
    for (const t of trials('G2', 'b', [[true, 3]])) book.record(t);
    expect(book.forGate('G1', false).map((e) => e.modelId)).toEqual(['a']);
    expect(book.forGate('G1', true)).toEqual([]);
    const before = book.forGate('G1', false)[0].meanPassRate;
    for (const t of trials('G1', 'a', [[false, 3]], { at: new Date(10_000) })) book.record(t);
    expect(book.forGate('G1', false)[0].meanPassRate).toBeLessThan(before);
    expect(book.forGate('G1', false)[0].samples).toBe(6);
  });
});
