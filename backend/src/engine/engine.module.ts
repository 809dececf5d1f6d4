import { BullModule, getQueueToken } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { runEventsChannel } from './run-event-message';
import { REDIS } from '../redis/redis.module';
import { BullJobQueue, GATE_ATTEMPTS_QUEUE, type GateAttemptJob } from './bull-job-queue';
import { MODEL_RESOLVER_FACTORY, modelResolverFactoryProvider, type ModelResolverFactory } from './model-resolver.provider';
import { OrchestrationCatalogLoader } from './orchestration-catalog';
import { PG, Pg } from '../database/pg';
import { PlatformSettings } from './platform-settings';
import { PostgresWorkspaceProvider } from './postgres-workspace';
import { RunEventSink } from './run-event-sink';
import { RUN_ENGINE, RunEngine } from './run-engine';
import { PgRunStore } from './pg-run-store';
import { PromptParts } from './prompt-parts';

/**
 * The core engine wired to this backend's infrastructure, for the API and the worker alike. Global: the runs,
 * events and worker modules inject RUN_ENGINE (and PG) without importing it again.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ url: config.redis.url, prefix: config.redis.keyPrefix }),
    }),
    BullModule.registerQueue({ name: GATE_ATTEMPTS_QUEUE }),
  ],
  providers: [
    { provide: PG, inject: [getDataSourceToken()], useFactory: (dataSource: DataSource) => Pg.fromDataSource(dataSource) },
    { provide: PromptParts, inject: [PG], useFactory: (pg: Pg) => new PromptParts(pg) },
    { provide: PgRunStore, inject: [PG, PromptParts], useFactory: (pg: Pg, parts: PromptParts) => new PgRunStore(pg, parts) },
    { provide: PlatformSettings, inject: [PG], useFactory: (pg: Pg) => new PlatformSettings(pg) },
    modelResolverFactoryProvider,
    {
      provide: RUN_ENGINE,
      inject: [PG, APP_CONFIG, REDIS, getQueueToken(GATE_ATTEMPTS_QUEUE), PgRunStore, PlatformSettings, MODEL_RESOLVER_FACTORY],
      useFactory: (pg: Pg, config: AppConfig, redis: Redis, queue: Queue<GateAttemptJob>, store: PgRunStore, settings: PlatformSettings, models: ModelResolverFactory) =>
        new RunEngine(
          store,
          new PostgresWorkspaceProvider(pg),
          new BullJobQueue(queue),
          new RunEventSink(pg, redis, runEventsChannel(config.redis.keyPrefix)),
          models,
          new OrchestrationCatalogLoader(config.orchestrationDir, pg),
          settings,
          config,
          pg,
        ),
    },
  ],
  exports: [PG, RUN_ENGINE, PgRunStore, PromptParts, PlatformSettings, MODEL_RESOLVER_FACTORY, BullModule],
})
export class EngineModule {}
