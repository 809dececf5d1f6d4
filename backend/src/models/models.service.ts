import { Inject, Injectable, Logger } from '@nestjs/common';
import { formatUsd, mergeProviderConfigs, parseUsd, providerConfigFromEnv, ProviderRegistry } from '@esy/orchestration';
import { ApiException, notFound } from '../common/errors/api.exception';
import { MODEL_RESOLVER_FACTORY, type ModelResolverFactory } from '../engine/model-resolver.provider';
import { PG, type Pg } from '../database/pg';
import { ProviderCredentialsStore } from '../providers/provider-credentials.store';
import type { AdminModelDto, AdminModelListDto, CreateModelDto, ModelDto, UpdateModelDto } from './dto/model.dto';

interface ModelRow {
  id: string;
  provider: string;
  api_model_name: string;
  display_name: string | null;
  tier: string;
  input_price_per_1k: string;
  output_price_per_1k: string;
  context_window: number;
  capabilities: { tools?: boolean; streaming?: boolean; structured_output?: boolean } | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, provider, api_model_name, display_name, tier, input_price_per_1k::text, output_price_per_1k::text, context_window,
  capabilities, active, created_at, updated_at`;

/** Drops trailing zeros of a NUMERIC price ("0.003000" → "0.003"). */
function price(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/**
 * The model catalogue for the admin and user APIs. Prices are written as given (decimal strings into NUMERIC);
 * every change drops the engine's cached router so the next attempt routes and prices with the new values, and
 * spec cost profiles (computed from current prices when read) follow at once.
 */
@Injectable()
export class ModelsService {
  private readonly logger = new Logger(ModelsService.name);

  constructor(
    @Inject(PG) private readonly pg: Pg,
    private readonly credentials: ProviderCredentialsStore,
    @Inject(MODEL_RESOLVER_FACTORY) private readonly resolvers: ModelResolverFactory,
  ) {}

  async listActive(): Promise<ModelDto[]> {
    const { rows } = await this.pg.query<ModelRow>(`SELECT ${COLUMNS} FROM models WHERE active ORDER BY provider, tier, id`);
    const usable = await this.usableProviders();
    return rows.map((row) => this.toModel(row, usable));
  }

  async listAdmin(): Promise<AdminModelListDto> {
    const { rows: monthRows } = await this.pg.query<{ start: string }>(`SELECT to_char(date_trunc('month', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS start`);
    const monthStart = monthRows[0].start;
    const [{ rows }, { rows: usage }, usable] = await Promise.all([
      this.pg.query<ModelRow>(`SELECT ${COLUMNS} FROM models ORDER BY provider, tier, id`),
      this.pg.query<{ model_id: string; simulated: boolean; attempts: number; tokens_in: string; tokens_out: string; cost_usd: string }>(
        `SELECT model_id, simulated, sum(attempts)::int AS attempts, sum(tokens_in)::text AS tokens_in, sum(tokens_out)::text AS tokens_out, sum(cost_usd)::text AS cost_usd
         FROM analytics_gate_daily WHERE day >= $1::date GROUP BY model_id, simulated`,
        [monthStart],
      ),
      this.usableProviders(),
    ]);
    // Real usage and simulated usage are reported apart, never summed.
    const byModel = new Map(usage.filter((u) => !u.simulated).map((u) => [u.model_id, u]));
    const simulatedByModel = new Map(usage.filter((u) => u.simulated).map((u) => [u.model_id, u]));
    const figures = (u: (typeof usage)[number] | undefined) => ({
      attempts: u?.attempts ?? 0,
      tokens_in: Number(u?.tokens_in ?? 0),
      tokens_out: Number(u?.tokens_out ?? 0),
      cost_usd: formatUsd(parseUsd(u?.cost_usd ?? '0')),
    });
    return {
      month_start: monthStart,
      models: rows.map((row): AdminModelDto => {
        const u = byModel.get(row.id);
        return {
          ...this.toModel(row, usable),
          api_model_name: row.api_model_name,
          active: row.active,
          usage_this_month: figures(u),
          simulated_usage_this_month: figures(simulatedByModel.get(row.id)),
          created_at: row.created_at.toISOString(),
          updated_at: row.updated_at.toISOString(),
        };
      }),
    };
  }

  async create(body: CreateModelDto): Promise<AdminModelDto> {
    const { rowCount } = await this.pg.query(
      `INSERT INTO models (id, provider, api_model_name, display_name, tier, input_price_per_1k, output_price_per_1k, context_window, capabilities, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [
        body.id,
        body.provider,
        body.api_model_name,
        body.display_name ?? null,
        body.tier,
        body.input_price_per_1k,
        body.output_price_per_1k,
        body.context_window,
        JSON.stringify(body.capabilities ?? { tools: true, streaming: true, structured_output: false }),
        body.active ?? true,
      ],
    );
    if (!rowCount) throw new ApiException(409, 'MODEL_EXISTS', `A model with id ${body.id} already exists.`);
    this.changed(`Model ${body.id} added.`);
    return this.adminModel(body.id);
  }

  async update(id: string, body: UpdateModelDto): Promise<AdminModelDto> {
    const columns: Array<[string, unknown]> = [];
    if (body.provider !== undefined) columns.push(['provider', body.provider]);
    if (body.api_model_name !== undefined) columns.push(['api_model_name', body.api_model_name]);
    if (body.display_name !== undefined) columns.push(['display_name', body.display_name]);
    if (body.tier !== undefined) columns.push(['tier', body.tier]);
    if (body.input_price_per_1k !== undefined) columns.push(['input_price_per_1k', body.input_price_per_1k]);
    if (body.output_price_per_1k !== undefined) columns.push(['output_price_per_1k', body.output_price_per_1k]);
    if (body.context_window !== undefined) columns.push(['context_window', body.context_window]);
    if (body.capabilities !== undefined) columns.push(['capabilities', JSON.stringify(body.capabilities)]);
    if (body.active !== undefined) columns.push(['active', body.active]);
    if (!columns.length) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: 'body', message: 'give at least one field to change' }]);
    }
    const assignments = columns.map(([column], i) => `${column} = $${i + 2}`).join(', ');
    const { rowCount } = await this.pg.query(`UPDATE models SET ${assignments}, updated_at = now() WHERE id = $1`, [id, ...columns.map(([, v]) => v)]);
    if (!rowCount) throw notFound(`Model ${id}`);
    this.changed(`Model ${id} updated (${columns.map(([c]) => c).join(', ')}).`);
    return this.adminModel(id);
  }

  private async adminModel(id: string): Promise<AdminModelDto> {
    const model = (await this.listAdmin()).models.find((m) => m.id === id);
    if (!model) throw notFound(`Model ${id}`);
    return model;
  }

  private changed(message: string): void {
    this.resolvers.invalidate();
    this.logger.log(message);
  }

  /** Providers that can serve calls now (environment or stored credentials); `simulator` always counts. */
  private async usableProviders(): Promise<(provider: string) => boolean> {
    const registry = new ProviderRegistry({
      providers: mergeProviderConfigs(providerConfigFromEnv(process.env), await this.credentials.load()),
      simulationEnabled: false,
    });
    return (provider) => provider === 'simulator' || registry.isUsable(provider);
  }

  private toModel(row: ModelRow, usable: (provider: string) => boolean): ModelDto {
    return {
      id: row.id,
      display_name: row.display_name,
      provider: row.provider,
      tier: row.tier,
      input_price_per_1k: price(row.input_price_per_1k),
      output_price_per_1k: price(row.output_price_per_1k),
      context_window: row.context_window,
      capabilities: {
        tools: row.capabilities?.tools !== false,
        streaming: row.capabilities?.streaming !== false,
        structured_output: row.capabilities?.structured_output === true,
      },
      provider_configured: usable(row.provider),
    };
  }
}
