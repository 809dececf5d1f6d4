import { hostname } from 'node:os';
import {
  ActiveAttempts,
  createGateExecutor,
  DEFAULT_ENGINE_SETTINGS,
  evaluateGateCondition,
  systemClock,
  type EngineDeps,
  type GateRunner,
} from '@esy/orchestration';
import type { AppConfig } from '../config/app-config';
import type { BullJobQueue } from './bull-job-queue';
import { delegatingModelResolver, type ModelResolverFactory } from './model-resolver.provider';
import type { OrchestrationCatalogLoader } from './orchestration-catalog';
import type { PlatformSettings } from './platform-settings';
import type { PostgresWorkspaceProvider } from './postgres-workspace';
import type { RedisEventSink } from './redis-event-sink';
import type { TypeOrmRunStore } from './typeorm-run-store';

/** Injection token of the RunEngine. */
export const RUN_ENGINE = Symbol('RUN_ENGINE');

/**
 * The core engine hosted by this process: EngineDeps on PostgreSQL (store, workspaces), Bull (queue), Redis
 * (events) and the model router. The API calls startRun and the operator actions with `deps`; workers call
 * executeAttempt and the recovery sweeps.
 */
export class RunEngine {
  readonly deps: EngineDeps;
  /** INFRA_RETRY_LIMIT, in force unless the settings table sets infra_retry_limit. */
  private readonly envInfraRetryLimit: number;

  constructor(
    readonly store: TypeOrmRunStore,
    readonly workspaces: PostgresWorkspaceProvider,
    readonly queue: BullJobQueue,
    readonly events: RedisEventSink,
    readonly models: ModelResolverFactory,
    readonly catalog: OrchestrationCatalogLoader,
    readonly platformSettings: PlatformSettings,
    config: AppConfig,
  ) {
    this.envInfraRetryLimit = config.infraRetry.limit;
    // The executor needs the content catalog; it is loaded on the first attempt, not at start-up.
    let executor: GateRunner | null = null;
    const runGate: GateRunner = async (input) => {
      executor ??= createGateExecutor({ catalog: await catalog.get() });
      return executor(input);
    };
    this.deps = {
      store,
      workspaces,
      queue,
      events,
      models: delegatingModelResolver(models),
      runGate,
      evaluateCondition: evaluateGateCondition,
      clock: systemClock,
      settings: {
        ...DEFAULT_ENGINE_SETTINGS,
        workerId: `${hostname()}:${process.pid}`,
        leaseMs: config.worker.leaseMs,
        heartbeatMs: Math.max(100, Math.floor(config.worker.leaseMs / 4)),
        // Budgets are pinned on the run when it is created (spec cost profile, else the platform default).
        defaultBudgetUsd: null,
        infraRetry: { ...config.infraRetry },
      },
      active: new ActiveAttempts(),
    };
  }

  /** Applies the administrator's run defaults (settings table) to the engine's knobs. */
  async refreshSettings(): Promise<void> {
    const settings = await this.platformSettings.runSettings();
    this.deps.settings.defaultMaxAttempts = settings.defaultMaxAttempts;
    this.deps.settings.escalateOnRetry = settings.escalateOnRetry;
    this.deps.settings.infraRetry.limit = settings.infraRetryLimit ?? this.envInfraRetryLimit;
  }
}
