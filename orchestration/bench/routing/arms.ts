/**
 * One arm of the routing bench: a routing policy driven through the real engine in memory (local host, the
 * simulator with the scenario's hidden quality profiles, the real contracts and validator), run after run.
 */
import type { OrchestrationCatalog } from '../../core/content/loader';
import type { Workflow } from '../../core/content/workflow-schema';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { fixedAdapterResolver } from '../../core/engine/model-resolvers';
import type { ModelResolver } from '../../core/engine/ports';
import { newRunSnapshot } from '../../core/engine/run-snapshot';
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import type { ModelAdapter, ModelTier } from '../../core/models/model-adapter';
import { autoRoutingResolver } from '../../core/routing/auto-resolver';
import { EvidenceBook, type EvidenceSource, type GateModelEvidence } from '../../core/routing/evidence';
import { observationsFromAttempt } from '../../core/routing/observations';
import type { StageRouting } from '../../core/routing/stage-routing';
import { SimulatorAdapter } from '../../core/simulator';
import { hiddenPassRate, simulatorProfiles } from './scenario';

export type ArmName = 'frontier' | 'cheapest' | 'auto' | 'oracle';

export interface RunResult {
  index: number;
  workflow: string;
  costUsd: number;
  completed: boolean;
  paused: boolean;
  firstAttempts: number;
  firstPasses: number;
  /** First-attempt choices: gate, model, decision kind (auto arms). */
  choices: Array<{ gate: string; model: string; kind?: string }>;
}

export interface ArmOptions {
  catalog: OrchestrationCatalog;
  runs: number;
  /** The run index from which the regressing model is worse. */
  regressionAt: number;
  batch: number;
  exploration?: number;
  targetPassRate?: number;
  /** Mixed into the simulator's pass/fail draws and auto's exploration draws ("" is the default world). */
  seed?: string;
  onProgress?: (done: number) => void;
}

export const INTENTS: Array<[workflow: string, intent: Record<string, unknown>]> = [
  ['etymology-visual-essay', { word: 'serendipity', angle: 'etymology', audience: 'general', length: '12min' }],
  ['conceptual-visual-essay', { concept: 'entropy', audience: 'general', length: '12min', mode: 'conceptual' }],
  ['data-journalism-visual-essay', { topic: 'urban heat', audience: 'general', length: '12min' }],
  ['research-brief', { topic: 'urban heat islands', audience: 'general', mode: 'conceptual' }],
  ['conceptual-visual-essay', { concept: 'inflation', audience: 'general', length: '12min', mode: 'data-journalism' }],
];

/** The workflow as the arm configures it: every stage on `tier`, with `routing` when given. */
function configured(workflow: Workflow, tier: ModelTier, routing: StageRouting | null): Workflow {
  return { ...workflow, gates: workflow.gates.map((gate) => ({ ...gate, tier, ...(routing ? { routing } : {}) })) };
}

/** Evidence that is the truth: every model's hidden pass rate, certain; costs and tokens as observed. */
export function oracleEvidence(observed: EvidenceBook, regressed: () => boolean): EvidenceSource {
  return {
    forGate(gateId: string, simulated: boolean): GateModelEvidence[] {
      const seen = observed.forGate(gateId, simulated);
      return BUILT_IN_MODELS.map((model) => {
        const base = seen.find((e) => e.modelId === model.id);
        const p = hiddenPassRate(model.id, gateId, regressed());
        return {
          gateId,
          modelId: model.id,
          simulated,
          samples: base?.samples ?? 0,
          experimentSamples: 0,
          // As if a million trials: the decision's pooled posterior is the hidden rate, and the model is trusted.
          weightedPasses: p * 1e6,
          weightedTrials: 1e6,
          posterior: { alpha: p * 1e6, beta: (1 - p) * 1e6 },
          meanPassRate: p,
          lowerBound: p,
          upperBound: p,
          meanCostUsd: base?.meanCostUsd ?? 0,
          meanLatencyMs: base?.meanLatencyMs ?? 0,
          meanTokensIn: base?.meanTokensIn ?? 0,
          meanTokensOut: base?.meanTokensOut ?? 0,
          lastAt: base?.lastAt ?? null,
        };
      });
    },
  };
}

export async function runArm(arm: ArmName, options: ArmOptions): Promise<RunResult[]> {
  let index = 0;
  const regressed = () => index >= options.regressionAt;
  const seed = options.seed ?? '';
  const healthy = new SimulatorAdapter({ models: simulatorProfiles(false), seed });
  const worse = new SimulatorAdapter({ models: simulatorProfiles(true), seed });
  // The provider the runs see: the scenario's world before or after the regression.
  const world: ModelAdapter = { provider: 'simulator', complete: (request) => (regressed() ? worse : healthy).complete(request) };
  const book = new EvidenceBook();
  const base = fixedAdapterResolver(world, BUILT_IN_MODELS);
  const autoOptions = { models: () => BUILT_IN_MODELS, simulated: () => true };
  const routing: StageRouting = { mode: 'auto', exploration: options.exploration, target_pass_rate: options.targetPassRate };
  let resolver: ModelResolver = base;
  let tier: ModelTier = 'top';
  if (arm === 'cheapest') tier = 'low';
  if (arm === 'auto') resolver = autoRoutingResolver(base, { ...autoOptions, evidence: book, seed: `bench${seed}` });
  if (arm === 'oracle') resolver = autoRoutingResolver(base, { ...autoOptions, evidence: oracleEvidence(book, regressed) });
  const stageRouting = arm === 'auto' ? routing : arm === 'oracle' ? { ...routing, exploration: 0 } : null;
  const workflows = new Map(INTENTS.map(([slug]) => [slug, configured(options.catalog.workflows.get(slug)!, tier, stageRouting)]));

  const results: RunResult[] = [];
  while (index < options.runs) {
    // A fresh in-memory engine per batch keeps memory flat; the evidence book carries over.
    const engine = createLocalEngine({ catalog: options.catalog, workspaces: new MemoryWorkspaceProvider(), models: resolver, concurrency: options.batch });
    const batch: Array<{ id: string; index: number; workflow: string }> = [];
    // A batch never straddles the regression, so "after" means after.
    const end = Math.min(options.runs, index + options.batch, index < options.regressionAt ? options.regressionAt : Infinity);
    for (let i = index; i < end; i++) {
      const [slug, intent] = INTENTS[i % INTENTS.length];
      const run = newRunSnapshot(workflows.get(slug)!, intent, { id: `bench-run-${i}`, budgetUsd: '1000' });
      await engine.start(run);
      batch.push({ id: run.id, index: i, workflow: slug });
    }
    await engine.settle();
    for (const entry of batch) {
      const run = (await engine.store.getRun(entry.id))!;
      const attempts = engine.store.fullAttempts(entry.id);
      for (const attempt of attempts) for (const trial of observationsFromAttempt(attempt)) book.record(trial);
      const firsts = attempts.filter((a) => a.attemptNumber === 1 && a.status !== 'skipped');
      results.push({
        index: entry.index,
        workflow: entry.workflow,
        costUsd: Number(run.totals.totalCostUsd),
        completed: run.status === 'completed',
        paused: run.status === 'paused',
        firstAttempts: firsts.length,
        firstPasses: firsts.filter((a) => a.status === 'passed' || a.status === 'warning').length,
        choices: firsts.flatMap((a) => (a.routing ?? []).map((r) => ({ gate: a.gateId, model: r.modelId, kind: r.auto?.kind }))),
      });
    }
    index = end;
    options.onProgress?.(index);
  }
  return results;
}
