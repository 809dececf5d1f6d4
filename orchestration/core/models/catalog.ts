import type { ModelInfo, ModelTier } from './model-adapter';

/** The models every installation starts with (seeded into the `models` table; the CLI's defaults). Prices: USD per 1K tokens. */
const ALL_CAPS = { tools: true, streaming: true, structuredOutput: true };

function model(
  id: string,
  provider: ModelInfo['provider'],
  apiModelName: string,
  tier: ModelTier,
  inputPricePer1k: string,
  outputPricePer1k: string,
  contextWindow: number,
): ModelInfo {
  return { id, provider, apiModelName, tier, inputPricePer1k, outputPricePer1k, contextWindow, capabilities: ALL_CAPS, active: true };
}

export const BUILT_IN_MODELS: readonly ModelInfo[] = [
  model('claude-opus-4', 'anthropic', 'claude-opus-4-20250514', 'top', '0.015', '0.075', 200_000),
  model('claude-sonnet-4', 'anthropic', 'claude-sonnet-4-20250514', 'mid', '0.003', '0.015', 200_000),
  model('claude-haiku-3.5', 'anthropic', 'claude-3-5-haiku-20241022', 'low', '0.0008', '0.004', 200_000),
  model('gpt-5.3', 'openai', 'gpt-5.3', 'top', '0.010', '0.030', 128_000),
  model('gpt-4o', 'openai', 'gpt-4o', 'mid', '0.005', '0.015', 128_000),
  model('gpt-4o-mini', 'openai', 'gpt-4o-mini', 'low', '0.0003', '0.0012', 128_000),
  model('o3', 'openai', 'o3', 'top', '0.010', '0.040', 200_000),
  model('o3-mini', 'openai', 'o3-mini', 'mid', '0.0011', '0.0044', 200_000),
  model('gemini-2.5-pro', 'google', 'gemini-2.5-pro', 'mid', '0.0035', '0.014', 1_000_000),
  model('gemini-2.5-flash', 'google', 'gemini-2.5-flash', 'low', '0.0005', '0.0015', 1_000_000),
];

/** The model a tier uses when nothing more specific is chosen. */
export const DEFAULT_MODEL_BY_TIER: Readonly<Record<ModelTier, string>> = {
  top: 'claude-opus-4',
  mid: 'claude-sonnet-4',
  low: 'claude-haiku-3.5',
};
