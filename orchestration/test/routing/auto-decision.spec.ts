/** The auto decision: trusted cheapest wins, little evidence is explored not trusted, the floor holds, latency ceiling. */
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import type { ModelInfo } from '../../core/models/model-adapter';
import { decideAutoRoute, EXPLORATION_DECAY_TRIALS, MIN_TRUST_TRIALS, type AutoDecisionInput } from '../../core/routing/auto-decision';
import { summariseEvidence, type GateModelEvidence } from '../../core/routing/evidence';
import { Rng } from '../../core/simulator/rng';
import { trials } from './support';

const model = (id: string): ModelInfo => BUILT_IN_MODELS.find((m) => m.id === id)!;
const opus = model('claude-opus-4');
const sonnet = model('claude-sonnet-4');
const haiku = model('claude-haiku-3.5');
const candidates = [opus, sonnet, haiku];

function evidence(modelId: string, passes: number, failures: number, latencyMs = 1_000): GateModelEvidence {
  const m = model(modelId);
  const costUsd = 10 * Number(m.inputPricePer1k) + 2 * Number(m.outputPricePer1k); // the 10k in / 2k out tokens of each trial
  const list = trials('G3', modelId, [[false, failures], [true, passes]], { latencyMs, costUsd });
  return summariseEvidence({ gateId: 'G3', modelId, simulated: false }, list, { halfLifeTrials: 1e9 });
}

function decide(overrides: Partial<AutoDecisionInput>, seed = 'x') {
  const rng = new Rng(seed);
  return decideAutoRoute({
    gateId: 'G3',
    candidates,
    staticModel: opus,
    evidence: [],
    estimates: { input_tokens: 20_000, output_tokens: 4_000 },
    random: () => rng.next(),
    ...overrides,
  });
}

describe('auto routing decision', () => {
  it('chooses the cheapest model whose lower bound reaches the target, and says whom it beat', () => {
    const decision = decide({ evidence: [evidence('claude-opus-4', 98, 2), evidence('claude-sonnet-4', 97, 3), evidence('claude-haiku-3.5', 60, 40)], explorationShare: 0 });
    expect(decision.model.id).toBe('claude-sonnet-4');
    expect(decision.record.kind).toBe('exploit');
    expect(decision.record.reason).toMatch(/claude-sonnet-4: lowest expected cost of passing G3/);
    expect(decision.record.reason).toMatch(/lower bound 9\d\.\d %, 100 trials/);
    expect(decision.record.reason).toContain('beat claude-opus-4');
    expect(decision.record.reason).toContain('1 under the 90.0 % floor');
    const verdicts = Object.fromEntries(decision.record.candidates.map((c) => [c.modelId, c.verdict]));
    expect(verdicts).toEqual({ 'claude-sonnet-4': 'chosen', 'claude-opus-4': 'beaten', 'claude-haiku-3.5': 'under_floor' });
    const haikuRow = decision.record.candidates.find((c) => c.modelId === 'claude-haiku-3.5')!;
    expect(haikuRow.meanPassRate).toBeCloseTo(61 / 102, 3);
    expect(haikuRow.lowerBound).toBeLessThan(0.9);
  });

  it('prices the expected retry on the static model into the cost of passing', () => {
    const decision = decide({ evidence: [evidence('claude-opus-4', 99, 1), evidence('claude-haiku-3.5', 95, 5)], explorationShare: 0, targetPassRate: 0.8 });
    const haikuRow = decision.record.candidates.find((c) => c.modelId === 'claude-haiku-3.5')!;
    expect(haikuRow.expectedCostUsd).toBeGreaterThan(haikuRow.attemptCostUsd);
    expect(decision.model.id).toBe('claude-haiku-3.5');
  });

  it('does not trust a model with little evidence, even a perfect one, but explores it', () => {
    const little = [evidence('claude-opus-4', 98, 2), evidence('claude-haiku-3.5', 4, 0)];
    const greedy = decide({ evidence: little, explorationShare: 0 });
    expect(greedy.model.id).toBe('claude-opus-4');
    const kinds = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const d = decide({ evidence: little, explorationShare: 0.2 }, `seed-${i}`);
      if (d.model.id === 'claude-haiku-3.5') {
        expect(d.record.kind).toBe('explore');
        expect(d.record.reason).toMatch(/exploring \(Thompson draw/);
      }
      kinds.set(`${d.model.id}:${d.record.kind}`, (kinds.get(`${d.model.id}:${d.record.kind}`) ?? 0) + 1);
    }
    const explored = kinds.get('claude-haiku-3.5:explore') ?? 0;
    expect(explored).toBeGreaterThan(10);
    // bounded: at most the exploration share (plus sampling noise) of decisions deviate
    expect(explored + (kinds.get('claude-sonnet-4:explore') ?? 0)).toBeLessThan(400 * 0.3);
  });

  it('never chooses a model under the floor outside exploration', () => {
    const evidenceList = [evidence('claude-opus-4', 98, 2), evidence('claude-sonnet-4', 8, 2), evidence('claude-haiku-3.5', 70, 30)];
    for (let i = 0; i < 400; i++) {
      const d = decide({ evidence: evidenceList, explorationShare: 0.2 }, `floor-${i}`);
      if (d.model.id !== 'claude-opus-4') expect(d.record.kind).toBe('explore');
      // a model proven bad (100 trials at 70 %) is not even explored
      expect(d.model.id).not.toBe('claude-haiku-3.5');
    }
  });

  it('falls back to the static model when nothing is proven', () => {
    const d = decide({ evidence: [], explorationShare: 0 });
    expect(d.model.id).toBe('claude-opus-4');
    expect(d.record.kind).toBe('static_fallback');
    expect(d.record.reason).toContain("the stage's static model");
  });

  it('respects a latency ceiling', () => {
    const d = decide({
      evidence: [evidence('claude-opus-4', 98, 2, 2_000), evidence('claude-sonnet-4', 98, 2, 9_000)],
      explorationShare: 0,
      maxLatencyMs: 5_000,
    });
    expect(d.model.id).toBe('claude-opus-4');
    expect(d.record.candidates.find((c) => c.modelId === 'claude-sonnet-4')!.verdict).toBe('too_slow');
    expect(d.record.reason).toContain('1 over the latency ceiling');
  });

  it('lends a model its tier siblings\' record at the gate as a prior, but trusts it only on trials of its own', () => {
    const gpt53 = model('gpt-5.3');
    const pool = [opus, gpt53, sonnet];
    // Opus (same tier) has a long record at G3; gpt-5.3 has none, then a few passes.
    const opusRecord = evidence('claude-opus-4', 97, 3);
    const unseen = decide({ candidates: pool, evidence: [opusRecord], explorationShare: 0 });
    const row = unseen.record.candidates.find((c) => c.modelId === 'gpt-5.3')!;
    expect(row.meanPassRate).toBeGreaterThan(0.85); // the tier's head start, not the uniform 50 %
    expect(row.verdict).toBe('under_floor');
    expect(unseen.model.id).toBe('claude-opus-4');

    const few = decide({ candidates: pool, evidence: [opusRecord, evidence('gpt-5.3', MIN_TRUST_TRIALS - 1, 0)], explorationShare: 0 });
    expect(few.model.id).toBe('claude-opus-4');
    const enough = decide({ candidates: pool, evidence: [opusRecord, evidence('gpt-5.3', MIN_TRUST_TRIALS, 0)], explorationShare: 0 });
    expect(enough.model.id).toBe('gpt-5.3');
    // Without the sibling's record the same five passes are not enough (uniform prior: ~13 needed).
    const alone = decide({ candidates: pool, evidence: [evidence('gpt-5.3', MIN_TRUST_TRIALS, 0)], explorationShare: 0 });
    expect(alone.model.id).toBe('claude-opus-4');
    // A sibling's record cannot hold up a model whose own trials fail.
    const failing = decide({ candidates: pool, evidence: [opusRecord, evidence('gpt-5.3', 12, 8)], explorationShare: 0 });
    expect(failing.record.candidates.find((c) => c.modelId === 'gpt-5.3')!.verdict).toBe('under_floor');
  });

  it('explores less as the gate\'s evidence grows once a model is trusted, and never when the share is 0', () => {
    // Each model's newest 300 trials count, so a gate's evidence grows with the models that have run it.
    const others = ['gpt-5.3', 'o3'].map((id) => evidence(id, 280, 20));
    const deviations = (opusTrials: number, share: number, more: ReturnType<typeof evidence>[] = []) => {
      let n = 0;
      const list = [evidence('claude-opus-4', opusTrials - 1, 1), evidence('claude-haiku-3.5', 3, 0), ...more];
      for (let i = 0; i < 400; i++) if (decide({ evidence: list, explorationShare: share }, `decay-${opusTrials}-${i}`).record.explored) n++;
      return n / 400;
    };
    const early = deviations(20, 0.4);
    const late = deviations(300, 0.4, others);
    // share × D / (D + trials at the gate): ~0.38 at 23 trials, ~0.13 at 903.
    expect(EXPLORATION_DECAY_TRIALS).toBe(400);
    expect(early).toBeGreaterThan(0.3);
    expect(late).toBeLessThan(early / 2);
    expect(deviations(20, 0)).toBe(0);
  });

  it('draws on every decision while no model is trusted, and only explores models that could beat the greedy choice', () => {
    // Nothing trusted: each decision draws (the alternative is the static model at full price).
    for (let i = 0; i < 50; i++) expect(decide({ evidence: [evidence('claude-opus-4', 3, 0)], explorationShare: 0.1 }, `u-${i}`).record.explored).toBe(true);
    // Haiku trusted and cheapest: sonnet and opus cost more than its expected cost of passing and are never tried.
    const list = [evidence('claude-opus-4', 20, 0), evidence('claude-sonnet-4', 2, 0), evidence('claude-haiku-3.5', 97, 3)];
    for (let i = 0; i < 300; i++) expect(decide({ evidence: list, explorationShare: 0.5 }, `b-${i}`).model.id).toBe('claude-haiku-3.5');
  });

  it('is deterministic for a seed', () => {
    const evidenceList = [evidence('claude-opus-4', 98, 2), evidence('claude-haiku-3.5', 5, 0)];
    for (let i = 0; i < 20; i++) {
      expect(decide({ evidence: evidenceList, explorationShare: 0.5 }, `r${i}`)).toEqual(decide({ evidence: evidenceList, explorationShare: 0.5 }, `r${i}`));
    }
  });
});
