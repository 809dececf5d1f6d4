import { computeCostProfile } from '../../core/content/cost-profile';
import { parseWorkflow } from '../../core/content/workflow-schema';
import { BUILT_IN_MODELS, DEFAULT_MODEL_BY_TIER } from '../../core/models/catalog';
import type { ModelInfo } from '../../core/models/model-adapter';

const models = new Map(BUILT_IN_MODELS.map((model) => [model.id, model]));
const agents = new Map([
  ['writer', { tier: 'top' as const }],
  ['auditor', { tier: 'low' as const }],
  ['researcher', { tier: 'mid' as const, model: 'gpt-4o' }],
]);

const workflow = parseWorkflow(
  {
    workflow: 'cost-demo',
    version: '1.0.0',
    name: 'Cost demo',
    description: 'Prices',
    type: 'research',
    modes: ['historical', 'data-journalism'],
    cost_profile: { budget_usd: '5.00' },
    gates: [
      // mid via the agent hint gpt-4o: 10000 × 0.005/1k + 2000 × 0.015/1k = 0.05 + 0.03 = 0.08
      { gate: 'R1', name: 'Research', phase: 'research', agent: 'researcher', estimates: { input_tokens: 10000, output_tokens: 2000 } },
      // top, default claude-opus-4: 1000 × 0.015/1k + 1000 × 0.075/1k = 0.09
      { gate: 'R2', name: 'Write', phase: 'production', agent: 'writer', estimates: { input_tokens: 1000, output_tokens: 1000 } },
      // low by agent, stage model pinned to gpt-4o-mini: 1000 × 0.0003/1k + 1000 × 0.0012/1k = 0.0015; conditional
      {
        gate: 'R3',
        name: 'Audit',
        phase: 'audit',
        agent: 'auditor',
        model: 'gpt-4o-mini',
        condition: "mode == 'data-journalism'",
        estimates: { input_tokens: 1000, output_tokens: 1000 },
      },
      // no estimates: costs nothing
      { gate: 'R4', name: 'Publish', phase: 'publication', parallel_agents: [{ agent: 'auditor', role: 'a' }, { agent: 'writer', role: 'b' }] },
    ],
  },
  'workflows/cost-demo.json',
);

describe('computeCostProfile', () => {
  const profile = computeCostProfile(workflow, models, DEFAULT_MODEL_BY_TIER, agents);

  it('prices typical on the stage model, the agent hint, else the tier default — exactly', () => {
    expect(profile.stages.map((stage) => [stage.gate, stage.tier, stage.model, stage.typical_usd])).toEqual([
      ['R1', 'mid', 'gpt-4o', '0.08'],
      ['R2', 'top', 'claude-opus-4', '0.09'],
      ['R3', 'low', 'gpt-4o-mini', '0.0015'],
      ['R4', 'top', 'claude-opus-4', '0.00'],
    ]);
    expect(profile.typical_usd).toBe('0.1715');
    expect(profile.budget_usd).toBe('5.00');
  });

  it('min = cheapest active model of the tier, unconditional stages only', () => {
    // R1 mid cheapest: o3-mini 10000×0.0011/1k + 2000×0.0044/1k = 0.011 + 0.0088 = 0.0198
    // R2 top cheapest: gpt-5.3 0.01 + 0.03 = 0.04 (o3: 0.01 + 0.04 = 0.05; opus 0.09)
    expect(profile.stages.map((stage) => stage.min_usd)).toEqual(['0.0198', '0.04', '0.00', '0.00']);
    expect(profile.min_usd).toBe('0.0598');
  });

  it('max = 1.5 × the estimates on the most expensive model of the tier', () => {
    // R1 mid dearest: gpt-4o 15000×0.005/1k + 3000×0.015/1k = 0.075 + 0.045 = 0.12
    // R2 top dearest: opus 1500×0.015/1k + 1500×0.075/1k = 0.0225 + 0.1125 = 0.135
    // R3 low dearest: claude-haiku-3.5 1500×0.0008/1k + 1500×0.004/1k = 0.0012 + 0.006 = 0.0072
    expect(profile.stages.map((stage) => stage.max_usd)).toEqual(['0.12', '0.135', '0.0072', '0.00']);
    expect(profile.max_usd).toBe('0.2622');
  });

  it('shares are fractions of typical that add up to one', () => {
    expect(profile.stages.map((stage) => stage.share)).toEqual(['0.4665', '0.5248', '0.0087', '0.0000']);
  });

  it('inactive models are never used', () => {
    const withoutOpus = new Map<string, ModelInfo>(models);
    withoutOpus.set('claude-opus-4', { ...models.get('claude-opus-4')!, active: false });
    const fallback = computeCostProfile(workflow, withoutOpus, DEFAULT_MODEL_BY_TIER, agents);
    expect(fallback.stages[1].model).not.toBe('claude-opus-4');
    // dearest active top model is now o3: 1500×0.01/1k + 1500×0.04/1k = 0.075
    expect(fallback.stages[1].max_usd).toBe('0.075');
  });

  it('accepts a plain record of models and needs no agents (tier mid by default)', () => {
    const record = Object.fromEntries(models);
    const plain = computeCostProfile({ gates: [workflow.gates[0]], cost_profile: {} }, record, DEFAULT_MODEL_BY_TIER);
    expect(plain.stages[0]).toMatchObject({ tier: 'mid', model: 'claude-sonnet-4', typical_usd: '0.06' });
    expect(plain.budget_usd).toBeUndefined();
  });
});
