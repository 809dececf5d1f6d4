/**
 * Which model serves a gate. Precedence (SPEC section 7): rerun override → run override → spec stage model →
 * auto routing's choice → agent hint → default model of the agent's tier. An unknown or inactive model at any level is skipped with a
 * note and the next level decides. After failed attempts the tier may be escalated (low → mid → top); explicit
 * human choices (rerun and run overrides) are never escalated.
 */
import { DEFAULT_MODEL_BY_TIER } from './catalog';
import type { ModelInfo, ModelTier } from './model-adapter';
import type { SelectionSource } from './routing-log';

export interface ModelSelectionInput {
  /** The tier the agent needs (its front matter). */
  agentTier: ModelTier;
  rerunOverride?: string | null;
  runOverride?: string | null;
  /** The spec stage's `model`. */
  stageModel?: string | null;
  /** The model `auto` routing chose for the stage (core/routing); pinned and override models win over it. */
  autoModel?: string | null;
  /** The agent's optional `model` hint. */
  agentHint?: string | null;
  /** How many tiers to escalate (usually the number of failed attempts when escalation is on). Default 0. */
  escalationSteps?: number;
}

export interface ModelSelectionConfig {
  models: readonly ModelInfo[];
  /** Per-installation tier defaults; missing tiers use `DEFAULT_MODEL_BY_TIER`. */
  defaultModelByTier?: Partial<Record<ModelTier, string>>;
}

export interface ModelSelection {
  model: ModelInfo;
  source: SelectionSource;
  /** One sentence saying why this model, for the run record. */
  reason: string;
  /** Models passed over on the way (unknown or inactive), in order. */
  skipped: Array<{ modelId: string; reason: string }>;
  /** Set when escalation replaced the model the precedence chose. */
  escalatedFrom?: ModelInfo;
}

export class ModelSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelSelectionError';
  }
}

const TIER_ORDER: readonly ModelTier[] = ['low', 'mid', 'top'];

/** The next tier up; `top` stays `top`. */
export function escalateTier(tier: ModelTier): ModelTier {
  return TIER_ORDER[Math.min(TIER_ORDER.indexOf(tier) + 1, TIER_ORDER.length - 1)];
}

export function tierRank(tier: ModelTier): number {
  return TIER_ORDER.indexOf(tier);
}

const LEVELS: ReadonlyArray<{ key: keyof ModelSelectionInput; source: SelectionSource; label: string }> = [
  { key: 'rerunOverride', source: 'rerun_override', label: 'rerun override' },
  { key: 'runOverride', source: 'run_override', label: 'run override' },
  { key: 'stageModel', source: 'stage_model', label: 'spec stage model' },
  { key: 'autoModel', source: 'auto', label: 'auto routing' },
  { key: 'agentHint', source: 'agent_hint', label: 'agent model hint' },
];

export function findModel(models: readonly ModelInfo[], idOrApiName: string): ModelInfo | undefined {
  return models.find((m) => m.id === idOrApiName) ?? models.find((m) => m.apiModelName === idOrApiName);
}

/** The active default model of a tier: the configured one, else the first active model of that tier. */
export function tierDefault(
  tier: ModelTier,
  config: ModelSelectionConfig,
  skipped: Array<{ modelId: string; reason: string }> = [],
): { model: ModelInfo; reason: string } {
  const configured = config.defaultModelByTier?.[tier] ?? DEFAULT_MODEL_BY_TIER[tier];
  const model = findModel(config.models, configured);
  if (model?.active) return { model, reason: `default model of tier ${tier}` };
  skipped.push({ modelId: configured, reason: model ? `default model of tier ${tier} is inactive` : `default model of tier ${tier} is not in the models table` });
  const substitute = config.models.find((m) => m.tier === tier && m.active);
  if (substitute) return { model: substitute, reason: `first active model of tier ${tier} (its default ${configured} is unavailable)` };
  throw new ModelSelectionError(`no active model of tier ${tier}: activate one or set the tier's default model`);
}

export function selectModel(input: ModelSelectionInput, config: ModelSelectionConfig): ModelSelection {
  const skipped: Array<{ modelId: string; reason: string }> = [];
  let chosen: { model: ModelInfo; source: SelectionSource; reason: string } | undefined;
  for (const level of LEVELS) {
    const wanted = input[level.key];
    if (typeof wanted !== 'string' || !wanted.trim()) continue;
    const model = findModel(config.models, wanted.trim());
    if (!model) {
      skipped.push({ modelId: wanted, reason: `${level.label} names a model that is not in the models table` });
      continue;
    }
    if (!model.active) {
      skipped.push({ modelId: model.id, reason: `${level.label} names an inactive model` });
      continue;
    }
    chosen = { model, source: level.source, reason: `${level.label}: ${model.id}` };
    break;
  }
  if (!chosen) {
    const fallback = tierDefault(input.agentTier, config, skipped);
    chosen = { model: fallback.model, source: 'tier_default', reason: `${fallback.reason}: ${fallback.model.id} (agent needs tier ${input.agentTier})` };
  }

  const steps = Math.max(0, Math.floor(input.escalationSteps ?? 0));
  const explicit = chosen.source === 'rerun_override' || chosen.source === 'run_override';
  if (steps === 0 || explicit) return { ...chosen, skipped };

  let tier = chosen.model.tier;
  for (let i = 0; i < steps; i++) tier = escalateTier(tier);
  if (tierRank(tier) <= tierRank(chosen.model.tier)) {
    return { ...chosen, reason: `${chosen.reason}; already the top tier, no escalation`, skipped };
  }
  let escalated: { model: ModelInfo; reason: string };
  try {
    escalated = tierDefault(tier, config, skipped);
  } catch (err) {
    if (!(err instanceof ModelSelectionError)) throw err;
    return { ...chosen, reason: `${chosen.reason}; not escalated: ${err.message}`, skipped };
  }
  return {
    model: escalated.model,
    source: chosen.source,
    reason: `escalated from ${chosen.model.id} (${chosen.model.tier}) to ${escalated.model.id} (${tier}) after ${steps} failed attempt${steps === 1 ? '' : 's'}; ${chosen.reason}`,
    skipped,
    escalatedFrom: chosen.model,
  };
}
