/**
 * Implementations of the engine's ModelResolver seam. The server and the CLI use the models helper's ModelRouter
 * (selection, retries, fallbacks, simulator for providers without keys); tests may pin every call to one adapter.
 */
import { BUILT_IN_MODELS } from '../models/catalog';
import type { ModelAdapter, ModelInfo } from '../models/model-adapter';
import { selectModel } from '../models/model-selection';
import type { ModelRouter } from '../models/router';
import type { RoutingLog } from '../models/routing-log';
import type { ModelChoice, ModelChoiceRequest, ModelResolver } from './ports';

/** Routes through the ModelRouter; the attempt's routing log keeps growing as calls retry or fall back. */
export function routerModelResolver(router: ModelRouter): ModelResolver {
  return {
    async choose(request: ModelChoiceRequest): Promise<ModelChoice> {
      const log: RoutingLog = [];
      const { selection, adapter } = router.route(
        {
          agentTier: request.tier,
          rerunOverride: request.rerunOverride,
          runOverride: request.runOverride,
          stageModel: request.stageModel,
          autoModel: request.autoModel,
          agentHint: request.agentHint,
          escalationSteps: request.escalation,
        },
        log,
      );
      return {
        model: selection.model,
        adapter,
        decision: {
          modelId: selection.model.id,
          provider: selection.model.provider,
          rule: selection.escalatedFrom ? 'escalation' : selection.source,
          tier: selection.model.tier,
          escalation: request.escalation,
          note: selection.reason,
          log,
        },
      };
    },
  };
}

/**
 * Picks models with the router's precedence rules but serves every call from one adapter (the simulator, or a
 * test double). Prices stay those of the chosen model, so simulated costs look like real ones.
 */
export function fixedAdapterResolver(adapter: ModelAdapter, models: readonly ModelInfo[] = BUILT_IN_MODELS): ModelResolver {
  return {
    async choose(request: ModelChoiceRequest): Promise<ModelChoice> {
      const selection = selectModel(
        {
          agentTier: request.tier,
          rerunOverride: request.rerunOverride,
          runOverride: request.runOverride,
          stageModel: request.stageModel,
          autoModel: request.autoModel,
          agentHint: request.agentHint,
          escalationSteps: request.escalation,
        },
        { models },
      );
      return {
        model: selection.model,
        adapter,
        decision: {
          modelId: selection.model.id,
          provider: adapter.provider,
          rule: selection.escalatedFrom ? 'escalation' : selection.source,
          tier: selection.model.tier,
          escalation: request.escalation,
          note: selection.reason,
        },
      };
    },
  };
}
