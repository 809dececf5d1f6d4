/**
 * The hook of `auto` routing into the engine: wraps any ModelResolver. For the first attempt of a stage whose
 * routing is `auto` — and only when nothing pins the model (rerun or run override, the stage's own `model`) — it
 * decides from the evidence and hands the choice to the router's precedence as `autoModel`; the attempt's routing
 * record carries the decision and its reasons. Retries go through the inner resolver unchanged, so escalation on
 * failure works as it always has and a run never pays in quality for an exploration.
 */
import type { ModelInfo, ModelTier } from '../models/model-adapter';
import { selectModel } from '../models/model-selection';
import type { ModelChoice, ModelChoiceRequest, ModelResolver } from '../engine/ports';
import { Rng } from '../simulator/rng';
import { decideAutoRoute } from './auto-decision';
import type { EvidenceSource, GateModelEvidence } from './evidence';

export interface AutoRoutingOptions {
  /** The models table (read on every decision, so edits apply at once). */
  models: () => readonly ModelInfo[];
  defaultModelByTier?: Partial<Record<ModelTier, string>>;
  evidence: EvidenceSource;
  /** Whether this model would be served by the simulator: then its simulated evidence counts, else its real one. */
  simulated: (model: ModelInfo) => boolean;
  /** Mixed into the per-attempt seed of the exploration draw. */
  seed?: string;
}

export function autoRoutingResolver(inner: ModelResolver, options: AutoRoutingOptions): ModelResolver {
  return {
    async choose(request: ModelChoiceRequest): Promise<ModelChoice> {
      const routing = request.routing;
      if (!routing || routing.mode !== 'auto') return inner.choose(request);
      const yieldReason = whyNotAuto(request);
      if (yieldReason) {
        const choice = await inner.choose(request);
        return { ...choice, decision: { ...choice.decision, note: `${choice.decision.note ?? ''}; auto routing not applied: ${yieldReason}`.replace(/^; /, '') } };
      }

      const models = options.models();
      const staticModel = selectModel({ agentTier: request.tier, agentHint: request.agentHint }, { models, defaultModelByTier: options.defaultModelByTier }).model;
      const wanted = routing.candidates?.length ? new Set(routing.candidates) : null;
      const candidates = models.filter((m) => m.active && (!wanted || wanted.has(m.id)));
      const evidence = await evidenceFor(options, request.gateId, [...candidates, staticModel]);
      const seed = `${options.seed ?? ''}|${request.runId ?? ''}|${request.gateId}|${request.attemptNumber ?? 1}|${request.agentSlug}`;
      const rng = new Rng(seed);
      const decision = decideAutoRoute({
        gateId: request.gateId,
        candidates,
        staticModel,
        evidence,
        estimates: request.estimates,
        targetPassRate: routing.target_pass_rate,
        maxLatencyMs: routing.max_latency_s !== undefined ? routing.max_latency_s * 1000 : null,
        explorationShare: routing.exploration,
        random: () => rng.next(),
      });
      const choice = await inner.choose({ ...request, autoModel: decision.model.id });
      return { ...choice, decision: { ...choice.decision, note: decision.record.reason, auto: decision.record } };
    },
  };
}

function whyNotAuto(request: ModelChoiceRequest): string | null {
  if (request.rerunOverride?.trim()) return 'an operator chose the model for this rerun';
  if (request.runOverride?.trim()) return 'the run pins a model';
  if (request.stageModel?.trim()) return 'the stage pins a model';
  if ((request.attemptNumber ?? 1) > 1 || request.escalation > 0) return 'a retry runs on the stage\'s static model (escalating as configured)';
  return null;
}

/** Each model's evidence of the kind that matches how it would be served (real provider or simulator). */
async function evidenceFor(options: AutoRoutingOptions, gateId: string, models: readonly ModelInfo[]): Promise<GateModelEvidence[]> {
  const byKind = new Map<boolean, GateModelEvidence[]>();
  const out: GateModelEvidence[] = [];
  for (const model of models) {
    const simulated = options.simulated(model);
    if (!byKind.has(simulated)) byKind.set(simulated, [...(await options.evidence.forGate(gateId, simulated))]);
    const found = byKind.get(simulated)!.find((e) => e.modelId === model.id);
    if (found && !out.includes(found)) out.push(found);
  }
  return out;
}
