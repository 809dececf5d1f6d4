/** Router precedence (SPEC section 7), inactive/unknown models skipped with a note, and tier escalation. */
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import type { ModelInfo } from '../../core/models/model-adapter';
import { escalateTier, ModelSelectionError, selectModel, type ModelSelectionInput } from '../../core/models/model-selection';
import { ModelRouter } from '../../core/models/router';
import { ProviderRegistry } from '../../core/models/provider-registry';
import type { RoutingLog } from '../../core/models/routing-log';

const models = BUILT_IN_MODELS;
const withInactive = (...ids: string[]): ModelInfo[] => models.map((m) => (ids.includes(m.id) ? { ...m, active: false } : m));

describe('model precedence', () => {
  const all: ModelSelectionInput = {
    agentTier: 'mid',
    rerunOverride: 'o3',
    runOverride: 'gpt-4o',
    stageModel: 'gemini-2.5-pro',
    agentHint: 'claude-haiku-3.5',
  };

  it.each([
    { level: 'rerun override', input: all, model: 'o3', source: 'rerun_override' },
    { level: 'run override', input: { ...all, rerunOverride: null }, model: 'gpt-4o', source: 'run_override' },
    { level: 'spec stage model', input: { ...all, rerunOverride: null, runOverride: undefined }, model: 'gemini-2.5-pro', source: 'stage_model' },
    { level: 'agent hint', input: { agentTier: 'mid' as const, agentHint: 'claude-haiku-3.5' }, model: 'claude-haiku-3.5', source: 'agent_hint' },
    { level: 'tier default (mid)', input: { agentTier: 'mid' as const }, model: 'claude-sonnet-4', source: 'tier_default' },
    { level: 'tier default (top)', input: { agentTier: 'top' as const }, model: 'claude-opus-4', source: 'tier_default' },
    { level: 'tier default (low)', input: { agentTier: 'low' as const, agentHint: '  ' }, model: 'claude-haiku-3.5', source: 'tier_default' },
  ])('$level decides → $model', ({ input, model, source }) => {
    const selection = selectModel(input, { models });
    expect(selection.model.id).toBe(model);
    expect(selection.source).toBe(source);
    expect(selection.reason).toContain(model);
    expect(selection.skipped).toEqual([]);
  });

  it('skips an inactive override with a note and lets the next level decide', () => {
    const selection = selectModel(all, { models: withInactive('o3') });
    expect(selection.model.id).toBe('gpt-4o');
    expect(selection.source).toBe('run_override');
    expect(selection.skipped).toEqual([{ modelId: 'o3', reason: 'rerun override names an inactive model' }]);
  });

  it('skips a model that is not in the table', () => {
    const selection = selectModel({ agentTier: 'low', stageModel: 'no-such-model' }, { models });
    expect(selection.model.id).toBe('claude-haiku-3.5');
    expect(selection.skipped).toEqual([{ modelId: 'no-such-model', reason: 'spec stage model names a model that is not in the models table' }]);
  });

  it('accepts the provider API name as well as our id', () => {
    expect(selectModel({ agentTier: 'mid', runOverride: 'claude-opus-4-20250514' }, { models }).model.id).toBe('claude-opus-4');
  });

  it('uses the installation tier defaults when set', () => {
    const selection = selectModel({ agentTier: 'mid' }, { models, defaultModelByTier: { mid: 'gpt-4o' } });
    expect(selection.model.id).toBe('gpt-4o');
    expect(selection.reason).toContain('default model of tier mid');
  });

  it('falls to the first active model of the tier when the default is inactive, and says so', () => {
    const selection = selectModel({ agentTier: 'mid' }, { models: withInactive('claude-sonnet-4') });
    expect(selection.model.id).toBe('gpt-4o');
    expect(selection.skipped).toEqual([{ modelId: 'claude-sonnet-4', reason: 'default model of tier mid is inactive' }]);
  });

  it('fails clearly when a tier has no active model at all', () => {
    const lowIds = models.filter((m) => m.tier === 'low').map((m) => m.id);
    expect(() => selectModel({ agentTier: 'low' }, { models: withInactive(...lowIds) })).toThrow(ModelSelectionError);
    expect(() => selectModel({ agentTier: 'low' }, { models: withInactive(...lowIds) })).toThrow('no active model of tier low');
  });
});

describe('tier escalation', () => {
  it.each([
    ['low', 'mid'],
    ['mid', 'top'],
    ['top', 'top'],
  ] as const)('%s → %s', (from, to) => {
    expect(escalateTier(from)).toBe(to);
  });

  it('after a failed attempt the tier default moves up a tier, with the reason', () => {
    const selection = selectModel({ agentTier: 'mid', escalationSteps: 1 }, { models });
    expect(selection.model.id).toBe('claude-opus-4');
    expect(selection.escalatedFrom?.id).toBe('claude-sonnet-4');
    expect(selection.reason).toMatch(/escalated from claude-sonnet-4 \(mid\) to claude-opus-4 \(top\) after 1 failed attempt/);
  });

  it('escalates an agent hint or stage model by tiers, two steps from low reaching top', () => {
    expect(selectModel({ agentTier: 'low', agentHint: 'gpt-4o-mini', escalationSteps: 1 }, { models }).model.id).toBe('claude-sonnet-4');
    expect(selectModel({ agentTier: 'low', stageModel: 'gemini-2.5-flash', escalationSteps: 2 }, { models }).model.id).toBe('claude-opus-4');
  });

  it('never escalates explicit overrides, and top stays top', () => {
    expect(selectModel({ agentTier: 'low', rerunOverride: 'gpt-4o-mini', escalationSteps: 2 }, { models }).model.id).toBe('gpt-4o-mini');
    expect(selectModel({ agentTier: 'low', runOverride: 'gpt-4o-mini', escalationSteps: 1 }, { models }).model.id).toBe('gpt-4o-mini');
    const top = selectModel({ agentTier: 'top', escalationSteps: 1 }, { models });
    expect(top.model.id).toBe('claude-opus-4');
    expect(top.escalatedFrom).toBeUndefined();
  });

  it('the router records skipped, escalated and selected decisions in the log', () => {
    const router = new ModelRouter({ models: withInactive('gpt-4o'), registry: new ProviderRegistry({ providers: {}, simulationEnabled: false }) });
    const log: RoutingLog = [];
    const selection = router.select({ agentTier: 'low', runOverride: 'gpt-4o', escalationSteps: 1 }, log);
    expect(selection.model.id).toBe('claude-sonnet-4');
    expect(log.map((e) => e.type)).toEqual(['skipped', 'escalated', 'selected']);
    expect(log[1]).toMatchObject({ fromModelId: 'claude-haiku-3.5', toModelId: 'claude-sonnet-4', fromTier: 'low', toTier: 'mid' });
    expect(log[2]).toMatchObject({ modelId: 'claude-sonnet-4', provider: 'anthropic', source: 'tier_default' });
  });
});
