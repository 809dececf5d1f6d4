import type { ModelInfo, ModelTier } from '../models/model-adapter';
import type { AgentDefinition } from './markdown-schemas';
import { fraction, picoToUsd, tokensCostPico } from './usd';
import type { Workflow, WorkflowGate } from './workflow-schema';

export interface StageCost {
  gate: string;
  name: string;
  tier: ModelTier;
  /** The model the typical figure is priced on. */
  model: string;
  /** True when the gate has a condition and may be skipped (left out of `min_usd`). */
  conditional: boolean;
  min_usd: string;
  typical_usd: string;
  max_usd: string;
  /** This stage's part of the typical total, a decimal fraction with 4 decimals ("0.1250"). */
  share: string;
}

export interface CostProfile {
  currency: 'USD';
  min_usd: string;
  typical_usd: string;
  max_usd: string;
  /** The workflow's budget (`cost_profile.budget_usd`) when it sets one. */
  budget_usd?: string;
  stages: StageCost[];
}

/** How the figures are computed; shown next to them in the UI and API docs. */
export const COST_PROFILE_RULE =
  'Each stage is priced from its estimates (input and output tokens). typical = the stage model (gate model, else ' +
  "the agent's model hint, else the default model of the stage tier); min = the cheapest active model of the tier, " +
  'counting only stages without a condition; max = 1.5 × the estimates on the most expensive active model of the ' +
  "tier, every stage. The tier is the gate's tier, else the highest tier among its agents. Shares are of typical.";

const TIER_RANK: Record<ModelTier, number> = { low: 0, mid: 1, top: 2 };
const MAX_FACTOR_NUMERATOR = 3;
const MAX_FACTOR_DENOMINATOR = 2;

type ModelsById = ReadonlyMap<string, ModelInfo> | Readonly<Record<string, ModelInfo>>;
type AgentsBySlug = ReadonlyMap<string, Pick<AgentDefinition, 'tier' | 'model'>>;

function modelById(models: ModelsById, id: string | undefined): ModelInfo | undefined {
  if (!id) return undefined;
  const model = models instanceof Map ? models.get(id) : (models as Record<string, ModelInfo>)[id];
  return model && model.active ? model : undefined;
}

function allModels(models: ModelsById): ModelInfo[] {
  return models instanceof Map ? [...models.values()] : Object.values(models as Record<string, ModelInfo>);
}

function stageTier(gate: WorkflowGate, agents?: AgentsBySlug): ModelTier {
  if (gate.tier) return gate.tier;
  const slugs = gate.agent ? [gate.agent] : (gate.parallel_agents ?? []).map((entry) => entry.agent);
  const tiers = slugs.map((slug) => agents?.get(slug)?.tier).filter((tier): tier is ModelTier => !!tier);
  if (!tiers.length) return 'mid';
  return tiers.reduce((best, tier) => (TIER_RANK[tier] > TIER_RANK[best] ? tier : best));
}

/**
 * Min/typical/max cost of a workflow run and each stage's share, from the stage estimates and model prices
 * (rule: COST_PROFILE_RULE). Stages without estimates cost zero. Exact decimal arithmetic throughout.
 */
export function computeCostProfile(
  workflow: Pick<Workflow, 'gates' | 'cost_profile'>,
  modelsById: ModelsById,
  defaultModelByTier: Readonly<Record<ModelTier, string>>,
  agents?: AgentsBySlug,
): CostProfile {
  const active = allModels(modelsById).filter((model) => model.active);
  const rows = workflow.gates.map((gate) => {
    const tier = stageTier(gate, agents);
    const estimates = gate.estimates ?? { input_tokens: 0, output_tokens: 0 };
    const hint = gate.agent ? agents?.get(gate.agent)?.model : undefined;
    const typicalModel =
      modelById(modelsById, gate.model) ?? modelById(modelsById, hint) ?? modelById(modelsById, defaultModelByTier[tier]) ?? active.find((m) => m.tier === tier);
    const price = (model: ModelInfo | undefined, input: number, output: number) =>
      model ? tokensCostPico(input, output, model.inputPricePer1k, model.outputPricePer1k) : 0n;
    const typical = price(typicalModel, estimates.input_tokens, estimates.output_tokens);
    const sameTier = active.filter((model) => model.tier === tier);
    const tierCosts = sameTier.map((model) => ({ model, cost: price(model, estimates.input_tokens, estimates.output_tokens) }));
    const cheapest = tierCosts.reduce<bigint | undefined>((low, { cost }) => (low === undefined || cost < low ? cost : low), undefined) ?? typical;
    const dearestModel = tierCosts.reduce<{ model: ModelInfo; cost: bigint } | undefined>(
      (high, entry) => (!high || entry.cost > high.cost ? entry : high),
      undefined,
    )?.model;
    const scaled = (tokens: number) => Math.ceil((tokens * MAX_FACTOR_NUMERATOR) / MAX_FACTOR_DENOMINATOR);
    const max = price(dearestModel ?? typicalModel, scaled(estimates.input_tokens), scaled(estimates.output_tokens));
    const conditional = !!gate.condition;
    return { gate, tier, model: typicalModel?.id ?? defaultModelByTier[tier], conditional, min: conditional ? 0n : cheapest, typical, max };
  });

  const totalTypical = rows.reduce((sum, row) => sum + row.typical, 0n);
  return {
    currency: 'USD',
    min_usd: picoToUsd(rows.reduce((sum, row) => sum + row.min, 0n)),
    typical_usd: picoToUsd(totalTypical),
    max_usd: picoToUsd(rows.reduce((sum, row) => sum + row.max, 0n)),
    ...(workflow.cost_profile?.budget_usd ? { budget_usd: workflow.cost_profile.budget_usd } : {}),
    stages: rows.map((row) => ({
      gate: row.gate.gate,
      name: row.gate.name,
      tier: row.tier,
      model: row.model,
      conditional: row.conditional,
      min_usd: picoToUsd(row.min),
      typical_usd: picoToUsd(row.typical),
      max_usd: picoToUsd(row.max),
      share: fraction(row.typical, totalTypical),
    })),
  };
}
