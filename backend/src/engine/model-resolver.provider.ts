import type { Provider } from '@nestjs/common';
import {
  autoRoutingResolver,
  DEFAULT_MODEL_BY_TIER,
  ModelRouter,
  providerRegistryFromSources,
  routerModelResolver,
  SimulatorAdapter,
  type ModelAdapter,
  type ModelChoiceRequest,
  type ModelInfo,
  type ModelResolver,
  type ProviderConfig,
  type SimulatorConfig,
} from '@esy/orchestration';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { loadModelInfos } from './model-catalog';
import { PG, type Pg } from '../database/pg';
import { RoutingEvidenceRepository } from './routing-evidence.repository';

/**
 * The seam between the engine and the model layer. The engine asks `resolver()` before every attempt; the default
 * factory builds a ModelRouter from the `models` table, provider settings from the environment (plus whatever
 * `PROVIDER_CONFIG_SOURCE` supplies — the models module's decrypted stored credentials) and the built-in simulator,
 * and rebuilds it when any of those change. Another module may replace the whole provider under this token.
 */
export const MODEL_RESOLVER_FACTORY = Symbol('MODEL_RESOLVER_FACTORY');

/**
 * Optional: stored provider settings (e.g. decrypted credentials from `provider_credentials`). `version()` is
 * cheap and changes whenever `load()` would return something different.
 */
export const PROVIDER_CONFIG_SOURCE = Symbol('PROVIDER_CONFIG_SOURCE');

export interface ProviderConfigSource {
  version(): Promise<string>;
  load(): Promise<Record<string, ProviderConfig>>;
  /** The administrator's simulation switch (settings), when set; otherwise SIMULATION_ENABLED decides. */
  simulationEnabled?(): Promise<boolean | undefined>;
  /** The administrator's simulator latency and failure rate (settings), overriding the environment's. */
  simulatorSettings?(): Promise<{ latencyMs?: number; failRate?: number }>;
}

export interface ModelResolverFactory {
  /** The resolver for the next attempt (cached; rebuilt when models or provider settings changed). */
  resolver(): Promise<ModelResolver>;
  /** Drops the cache (e.g. right after an admin edits models or credentials). */
  invalidate(): void;
  /** The simulator with the current settings (for runs that must never reach a real provider). */
  simulator(): Promise<ModelAdapter>;
}

/** How often the factory checks whether models or stored provider settings changed. */
const CHANGE_CHECK_MS = 5_000;

export function simulatorConfigFrom(config: AppConfig): SimulatorConfig {
  return {
    latencyMs: config.simulator.latencyMs,
    failRate: config.simulator.failRate,
    models: config.simulator.modelProfiles,
    stripFiguresAt: config.simulator.stripFiguresAt,
    gates: Object.fromEntries(
      [...new Set([...Object.keys(config.simulator.failGates), ...Object.keys(config.simulator.failGateRates)])].map((gate) => [
        gate,
        { failAttempts: config.simulator.failGates[gate] ?? 0, failRate: config.simulator.failGateRates[gate] },
      ]),
    ),
  };
}

export class DefaultModelResolverFactory implements ModelResolverFactory {
  private cached: { resolver: ModelResolver; fingerprint: string; checkedAt: number } | null = null;
  private building: Promise<ModelResolver> | null = null;
  private simulatorCache: { adapter: SimulatorAdapter; key: string } | null = null;
  private readonly evidence: RoutingEvidenceRepository;

  constructor(
    private readonly pg: Pg,
    private readonly config: AppConfig,
    private readonly stored: ProviderConfigSource | null,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.evidence = new RoutingEvidenceRepository(pg);
  }

  async resolver(): Promise<ModelResolver> {
    const now = Date.now();
    if (this.cached && now - this.cached.checkedAt < CHANGE_CHECK_MS) return this.cached.resolver;
    this.building ??= this.refresh(now).finally(() => (this.building = null));
    return this.building;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async refresh(now: number): Promise<ModelResolver> {
    const fingerprint = await this.fingerprint();
    if (this.cached && this.cached.fingerprint === fingerprint) {
      this.cached.checkedAt = now;
      return this.cached.resolver;
    }
    const models = await this.loadModels();
    const registry = providerRegistryFromSources({
      env: this.env,
      stored: this.stored ? await this.stored.load() : undefined,
      simulationEnabled: (await this.stored?.simulationEnabled?.()) ?? this.config.simulator.enabled,
      simulator: await this.currentSimulator(),
    });
    // PROVIDER_CONCURRENCY caps calls in flight per provider in this process.
    const router = new ModelRouter({ models, registry, defaultModelByTier: DEFAULT_MODEL_BY_TIER, concurrency: this.config.providerConcurrency });
    // Stages in `auto` routing choose from evidence (real, or simulated for models the simulator serves).
    const resolver = autoRoutingResolver(routerModelResolver(router), {
      models: () => models,
      defaultModelByTier: DEFAULT_MODEL_BY_TIER,
      evidence: this.evidence,
      simulated: (model) => {
        const resolution = registry.resolve(model.provider);
        return resolution.usable ? resolution.simulated : registry.simulationEnabled;
      },
    });
    this.cached = { resolver, fingerprint, checkedAt: now };
    return resolver;
  }

  simulator(): Promise<ModelAdapter> {
    return this.currentSimulator();
  }

  /** The environment's simulator settings with the administrator's overrides; a new adapter only when they change. */
  private async currentSimulator(): Promise<SimulatorAdapter> {
    const overrides = (await this.stored?.simulatorSettings?.()) ?? {};
    const base = simulatorConfigFrom(this.config);
    const config: SimulatorConfig = { ...base, latencyMs: overrides.latencyMs ?? base.latencyMs, failRate: overrides.failRate ?? base.failRate };
    const key = JSON.stringify(config);
    if (this.simulatorCache?.key !== key) this.simulatorCache = { adapter: new SimulatorAdapter(config), key };
    return this.simulatorCache.adapter;
  }

  private async fingerprint(): Promise<string> {
    const { rows } = await this.pg.query<{ n: number; changed: Date | null }>(
      { name: 'models_fingerprint', text: 'SELECT count(*)::int AS n, max(updated_at) AS changed FROM models' },
      [],
    );
    const stored = this.stored ? await this.stored.version() : '';
    return `${rows[0].n}|${rows[0].changed?.toISOString() ?? ''}|${stored}`;
  }

  private loadModels(): Promise<ModelInfo[]> {
    return loadModelInfos(this.pg);
  }
}

/**
 * A ModelResolver that asks the factory for the current resolver on every choice. A run marked simulator-only
 * keeps the router's choice of model (its profile and prices) but is served by the simulator, credentials or not.
 */
export function delegatingModelResolver(factory: ModelResolverFactory, simulatorOnly: (runId: string) => Promise<boolean> = async () => false): ModelResolver {
  return {
    choose: async (request: ModelChoiceRequest) => {
      const choice = await (await factory.resolver()).choose(request);
      if (!request.runId || !(await simulatorOnly(request.runId))) return choice;
      const note = [choice.decision.note, 'served by the simulator (simulator-only draft test)'].filter(Boolean).join('; ');
      return { ...choice, adapter: await factory.simulator(), decision: { ...choice.decision, note } };
    },
  };
}

/** How many runs' simulator-only flags a process remembers (the flag never changes once a run exists). */
const SIMULATOR_ONLY_CACHE = 1000;

/** Reads a run's simulator-only flag, remembered per run. */
export function simulatorOnlyLookup(pg: Pg): (runId: string) => Promise<boolean> {
  const known = new Map<string, boolean>();
  return async (runId) => {
    const cached = known.get(runId);
    if (cached !== undefined) return cached;
    const { rows } = await pg.query<{ simulator_only: boolean }>(
      { name: 'run_simulator_only', text: 'SELECT simulator_only FROM runs WHERE id = $1' },
      [runId],
    );
    const value = rows[0]?.simulator_only === true;
    if (known.size >= SIMULATOR_ONLY_CACHE) known.delete(known.keys().next().value as string);
    known.set(runId, value);
    return value;
  };
}

export const modelResolverFactoryProvider: Provider = {
  provide: MODEL_RESOLVER_FACTORY,
  inject: [PG, APP_CONFIG, { token: PROVIDER_CONFIG_SOURCE, optional: true }],
  useFactory: (pg: Pg, config: AppConfig, stored?: ProviderConfigSource) => new DefaultModelResolverFactory(pg, config, stored ?? null),
};
