import { hostname } from 'node:os';
import {
  ActiveAttempts,
  createGateExecutor,
  createIntegritySweeper,
  DEFAULT_ENGINE_SETTINGS,
  evaluateGateCondition,
  systemClock,
  type EngineDeps,
  type GateRunner,
  type IntegritySweeper,
} from '@esy/orchestration';
import type { AppConfig } from '../config/app-config';
import type { BullJobQueue } from './bull-job-queue';
import { delegatingModelResolver, simulatorOnlyLookup, type ModelResolverFactory } from './model-resolver.provider';
import type { OrchestrationCatalogLoader } from './orchestration-catalog';
import type { PlatformSettings } from './platform-settings';
import type { PostgresWorkspaceProvider } from './postgres-workspace';
import type { Pg } from '../database/pg';
import type { PgRunStore } from './pg-run-store';
import type { RunEventSink } from './run-event-sink';

/** Injection token of the RunEngine. */
export const RUN_ENGINE = Symbol('RUN_ENGINE');

/**
 * The core engine hosted by this process: EngineDeps on PostgreSQL (store, workspaces, one transaction per state
 * change of an attempt), Bull (queue, after commit), `run_events` + Redis (events, delivered after commit) and the
 * model router. The API calls startRun and the operator actions with `deps`; workers call
 * executeAttempt and the recovery sweeps.
 */
export class RunEngine {
  readonly deps: EngineDeps;
  /** INFRA_RETRY_LIMIT, in force unless the settings table sets infra_retry_limit. */
  private readonly envInfraRetryLimit: number;

  constructor(
    readonly store: PgRunStore,
    readonly workspaces: PostgresWorkspaceProvider,
    readonly queue: BullJobQueue,
    readonly events: RunEventSink,
    readonly models: ModelResolverFactory,
    readonly catalog: OrchestrationCatalogLoader,
    readonly platformSettings: PlatformSettings,
    config: AppConfig,
    pg: Pg,
  ) {
    this.envInfraRetryLimit = config.infraRetry.limit;
    // The executor needs the content catalog; it is loaded on the first attempt, not at start-up.
    let executor: GateRunner | null = null;
    const runGate: GateRunner = async (input) => {
      executor ??= createGateExecutor({ catalog: await catalog.get() });
      return executor(input);
    };
    let sweeper: IntegritySweeper | null = null;
    const sweep: IntegritySweeper = async (input) => {
      sweeper ??= createIntegritySweeper({ catalog: await catalog.get() });
      return sweeper(input);
    };
    this.deps = {
      store,
      workspaces,
      // A job is added once the attempt row it names is committed (a worker must find it pending).
      queue: { enqueueAttempt: (ref) => pg.afterCommit(() => queue.enqueueAttempt(ref)) },
      events,
      unitOfWork: { atomically: (work) => pg.atomically(work) },
      models: delegatingModelResolver(models, simulatorOnlyLookup(pg)),
      runGate,
      sweep,
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
