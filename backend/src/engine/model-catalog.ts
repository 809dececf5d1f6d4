import { BUILT_IN_MODELS, type ModelInfo } from '@esy/orchestration';
import type { Pg } from '../database/pg';

/** The `models` table as the router and cost profiles see it (the built-in list before the table is seeded). */
export async function loadModelInfos(pg: Pg): Promise<ModelInfo[]> {
  const { rows } = await pg.query(
    `SELECT id, provider, api_model_name, tier, input_price_per_1k, output_price_per_1k, context_window, capabilities, active
     FROM models ORDER BY id`,
  );
  if (rows.length === 0) return [...BUILT_IN_MODELS];
  return rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    apiModelName: row.api_model_name,
    tier: row.tier,
    inputPricePer1k: row.input_price_per_1k,
    outputPricePer1k: row.output_price_per_1k,
    contextWindow: row.context_window,
    capabilities: {
      tools: row.capabilities?.tools !== false,
      streaming: row.capabilities?.streaming !== false,
      structuredOutput: row.capabilities?.structured_output === true,
    },
    active: row.active,
  }));
}
