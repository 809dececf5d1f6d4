/**
 * The auto layer over the engine's resolver: pinned and override models win, retries use the static chain, and a
 * whole run on the simulator in auto mode records for every attempt why its model was chosen.
 */
import { loadOrchestration } from '../../core/content/loader';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { fixedAdapterResolver } from '../../core/engine/model-resolvers';
import type { ModelChoiceRequest } from '../../core/engine/ports';
import { newRunSnapshot } from '../../core/engine/run-snapshot';
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { autoRoutingResolver } from '../../core/routing/auto-resolver';
import { EvidenceBook } from '../../core/routing/evidence';
import { observationsFromAttempt } from '../../core/routing/observations';
import { SimulatorAdapter } from '../../core/simulator';
import { trials } from './support';

const simulator = new SimulatorAdapter();
const haikuCost = 10 * 0.0008 + 2 * 0.004;

function provenBook(): EvidenceBook {
  const book = new EvidenceBook();
  for (const t of trials('G3', 'claude-haiku-3.5', [[true, 80]], { simulated: true, costUsd: haikuCost })) book.record(t);
  for (const t of trials('G3', 'claude-opus-4', [[true, 80]], { simulated: true, costUsd: 10 * 0.015 + 2 * 0.075 })) book.record(t);
  return book;
}

function resolver(book = provenBook()) {
  return autoRoutingResolver(fixedAdapterResolver(simulator), { models: () => BUILT_IN_MODELS, evidence: book, simulated: () => true, seed: 'test' });
}

const request = (extra: Partial<ModelChoiceRequest> = {}): ModelChoiceRequest => ({
  gateId: 'G3',
  agentSlug: 'spec-writer',
  tier: 'top',
  escalation: 0,
  runId: 'r1',
  attemptNumber: 1,
  routing: { mode: 'auto', exploration: 0 },
  ...extra,
});

describe('auto routing resolver', () => {
  it('chooses the proven cheap model and records why', async () => {
    const choice = await resolver().choose(request());
    expect(choice.model.id).toBe('claude-haiku-3.5');
    expect(choice.decision.rule).toBe('auto');
    expect(choice.decision.auto?.kind).toBe('exploit');
    expect(choice.decision.note).toMatch(/claude-haiku-3.5: lowest expected cost of passing G3 .* beat claude-opus-4/);
  });

  it.each([
    ['a rerun override', { rerunOverride: 'gpt-4o' }, 'gpt-4o', 'an operator chose the model'],
    ['a run override', { runOverride: 'gpt-4o' }, 'gpt-4o', 'the run pins a model'],
    ['a pinned stage model', { stageModel: 'o3' }, 'o3', 'the stage pins a model'],
    ['a retry', { attemptNumber: 2 }, 'claude-opus-4', "a retry runs on the stage's static model"],
  ])('%s wins over auto', async (_label, extra, modelId, why) => {
    const choice = await resolver().choose(request(extra));
    expect(choice.model.id).toBe(modelId);
    expect(choice.decision.auto).toBeUndefined();
    expect(choice.decision.note).toContain(`auto routing not applied: ${why}`);
  });

  it('leaves static stages alone', async () => {
    const choice = await resolver().choose(request({ routing: null }));
    expect(choice.model.id).toBe('claude-opus-4');
    expect(choice.decision.rule).toBe('tier_default');
  });

  it('runs a whole workflow in auto mode: every attempt explains its model, failures retry on the static model', async () => {
    const catalog = loadOrchestration();
    const base = catalog.workflows.get('research-brief')!;
    const workflow = { ...base, gates: base.gates.map((gate) => ({ ...gate, routing: { mode: 'auto' as const, exploration: 0 } })) };
    // G3's proven cheap model regressed: the simulator now fails it every time. G3's static model is the mid tier's.
    const book = provenBook();
    const sim = new SimulatorAdapter({ models: { 'claude-haiku-3.5': { gates: { G3: { passRate: 0 } } } } });
    const models = autoRoutingResolver(fixedAdapterResolver(sim), { models: () => BUILT_IN_MODELS, evidence: book, simulated: () => true });
    const engine = createLocalEngine({ catalog, workspaces: new MemoryWorkspaceProvider(), models });
    const run = newRunSnapshot(workflow, { topic: 'urban heat islands', question: 'How do cities cool down?' }, { id: 'auto-run' });
    await engine.start(run);
    await engine.settle();

    expect((await engine.store.getRun(run.id))!.status).toBe('completed');
    const attempts = engine.store.fullAttempts(run.id);
    for (const attempt of attempts.filter((a) => a.status !== 'skipped')) {
      for (const routing of attempt.routing ?? []) {
        if (attempt.attemptNumber === 1) {
          expect(routing.rule).toBe('auto');
          expect(routing.auto?.reason).toBeTruthy();
          expect(routing.auto?.candidates.length).toBeGreaterThan(1);
        } else {
          expect(routing.note).toContain("a retry runs on the stage's static model");
        }
      }
    }
    const g3 = attempts.filter((a) => a.gateId === 'G3');
    expect(g3.map((a) => `${a.attemptNumber}:${a.status}:${a.modelId}`)).toEqual(['1:failed:claude-haiku-3.5', '2:passed:claude-sonnet-4']);
    // Nothing proven elsewhere: the other gates use their static model.
    const g1 = attempts.find((a) => a.gateId === 'G1')!;
    expect(g1.routing![0].auto?.kind).toBe('static_fallback');

    // The failure is evidence: G3's cheap model loses trust.
    const before = book.forGate('G3', true).find((e) => e.modelId === 'claude-haiku-3.5')!.lowerBound;
    for (const attempt of attempts) for (const trial of observationsFromAttempt(attempt)) book.record(trial);
    const after = book.forGate('G3', true).find((e) => e.modelId === 'claude-haiku-3.5')!;
    expect(after.lowerBound).toBeLessThan(before);
    expect(after.samples).toBe(81);
  });
});
