import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  checkProviderConnection,
  mergeProviderConfigs,
  PROVIDER_ENV,
  ProviderRegistry,
  providerConfigFromEnv,
  redactSecrets,
  type ModelInfo,
} from '@esy/orchestration';
import { ApiException } from '../common/errors/api.exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { loadModelInfos } from '../engine/model-catalog';
import { MODEL_RESOLVER_FACTORY, type ModelResolverFactory } from '../engine/model-resolver.provider';
import { PG, type Pg } from '../database/pg';
import type { ProviderCheckResultDto, ProviderListDto, ProviderStatusDto, UpdateProviderDto } from './dto/provider.dto';
import { ProviderCredentialsStore } from './provider-credentials.store';

const TIER_ORDER = { low: 0, mid: 1, top: 2 } as const;
const CHECK_TIMEOUT_MS = 20_000;

/** Provider status, credential writes and "test connection" for the admin API. Keys never leave this service. */
@Injectable()
export class ProvidersService {
  private readonly logger = new Logger(ProvidersService.name);

  constructor(
    private readonly store: ProviderCredentialsStore,
    @Inject(PG) private readonly pg: Pg,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MODEL_RESOLVER_FACTORY) private readonly resolvers: ModelResolverFactory,
  ) {}

  /** Environment variables are read per call so that a restart is not needed to see a change in tests/ops tools. */
  private env(): Record<string, string | undefined> {
    return process.env;
  }

  async list(): Promise<ProviderListDto> {
    const [rows, models] = await Promise.all([this.store.rows(), loadModelInfos(this.pg)]);
    const envConfig = providerConfigFromEnv(this.env());
    const stored = await this.store.load();
    const registry = new ProviderRegistry({ providers: mergeProviderConfigs(envConfig, stored), simulationEnabled: false });
    const statuses = new Map(registry.statuses().map((status) => [status.provider, status]));
    const names = new Set<string>([...Object.keys(PROVIDER_ENV), ...rows.map((r) => r.provider), ...models.map((m) => m.provider)]);
    names.delete('simulator');
    const providers = [...names].sort().map((provider): ProviderStatusDto => {
      const row = rows.find((r) => r.provider === provider);
      const status = statuses.get(provider);
      const fromDatabase = Boolean(row?.encrypted_api_key || row?.base_url);
      const fromEnv = Boolean(envConfig[provider]);
      const reason = registry.unusableReason(provider);
      return {
        provider,
        protocol: status?.protocol === 'simulator' ? 'openai' : (status?.protocol ?? 'openai'),
        configured: fromDatabase || fromEnv,
        source: fromDatabase ? 'database' : fromEnv ? 'environment' : null,
        enabled: row ? row.enabled : true,
        usable: reason === undefined,
        ...(reason ? { reason } : {}),
        key_last_four: (row?.encrypted_api_key ? row.key_last_four : status?.keyLastFour) || null,
        base_url: status?.baseURL ? withoutUserInfo(status.baseURL) : null,
        model_count: models.filter((m) => m.provider === provider).length,
        last_checked_at: row?.last_checked_at?.toISOString() ?? null,
        last_check_ok: row?.last_check_ok ?? null,
        last_error: row?.last_error ?? null,
        updated_at: row?.updated_at?.toISOString() ?? null,
      };
    });
    return { providers, simulation_enabled: (await this.store.simulationEnabled()) ?? this.config.simulator.enabled };
  }

  async update(provider: string, body: UpdateProviderDto, userId: string): Promise<ProviderStatusDto> {
    if (body.api_key === undefined && body.base_url === undefined && body.enabled === undefined) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        { field: 'body', message: 'give at least one of api_key, base_url, enabled' },
      ]);
    }
    await this.store.save(provider, { apiKey: body.api_key, baseUrl: body.base_url, enabled: body.enabled }, userId);
    this.resolvers.invalidate();
    // Name and last four only: the log must never carry the key.
    this.logger.log(`Provider "${provider}" settings updated${typeof body.api_key === 'string' ? ' (new key)' : ''}.`);
    return this.status(provider);
  }

  async remove(provider: string): Promise<ProviderStatusDto> {
    await this.store.remove(provider);
    this.resolvers.invalidate();
    return this.status(provider);
  }

  async test(provider: string, modelId?: string): Promise<ProviderCheckResultDto> {
    const models = await loadModelInfos(this.pg);
    const model = this.modelForCheck(provider, models, modelId);
    const stored = await this.store.load();
    const providers = mergeProviderConfigs(providerConfigFromEnv(this.env()), stored);
    const registry = new ProviderRegistry({ providers, simulationEnabled: false });
    const result = await checkProviderConnection(registry, provider, model, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    // Providers sometimes quote the key back ("Incorrect API key provided: sk-…"): redact before storing or answering.
    const secrets = Object.values(providers).map((config) => config.apiKey);
    const error = result.error ? { ...result.error, message: redactSecrets(result.error.message, secrets) } : undefined;
    await this.store.recordCheck(provider, new Date(result.checkedAt), result.ok, error?.message ?? null);
    return {
      provider,
      ok: result.ok,
      checked_at: result.checkedAt,
      latency_ms: result.latencyMs,
      model_id: result.modelId,
      ...(error ? { error } : {}),
    };
  }

  private async status(provider: string): Promise<ProviderStatusDto> {
    const { providers } = await this.list();
    return providers.find((p) => p.provider === provider)!;
  }

  private modelForCheck(provider: string, models: ModelInfo[], modelId?: string): ModelInfo {
    if (modelId) {
      const model = models.find((m) => m.id === modelId);
      if (!model) throw new ApiException(404, 'NOT_FOUND', `Model ${modelId} was not found.`);
      if (model.provider !== provider) {
        throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
          { field: 'model_id', message: `model ${modelId} belongs to provider ${model.provider}, not ${provider}` },
        ]);
      }
      return model;
    }
    const candidates = models
      .filter((m) => m.provider === provider)
      .sort((a, b) => Number(b.active) - Number(a.active) || TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.id.localeCompare(b.id));
    if (!candidates.length) {
      throw new ApiException(409, 'NO_MODEL_FOR_PROVIDER', `No model in the catalogue uses provider "${provider}": add one under Admin → Models first.`);
    }
    return candidates[0];
  }
}

/** A base URL may carry credentials (`https://user:token@host/v1`): show the address, never them. */
function withoutUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}
