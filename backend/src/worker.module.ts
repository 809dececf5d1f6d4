import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG, AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { workerLoggerOptions } from './logging/logger.options';
import { MetricsModule } from './metrics/metrics.module';
import { EngineObservabilityModule } from './observability/engine-observability.module';
import { ProviderCredentialsModule } from './providers/provider-credentials.module';
import { RedisModule } from './redis/redis.module';
import { ExperimentsWorkerModule } from './experiments/experiments-worker.module';
import { AttemptWorkerModule } from './engine/attempt-worker.module';
import { EngineModule } from './engine/engine.module';

/** The worker process: configuration, logs, PostgreSQL, Redis, the engine and the attempt processor. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: workerLoggerOptions }),
        DatabaseModule,
        RedisModule,
        EngineModule,
        // Stored (encrypted) provider keys for the model resolver, as in the API.
        ProviderCredentialsModule,
        AttemptWorkerModule,
        ExperimentsWorkerModule,
        MetricsModule.forRoot('worker'),
        EngineObservabilityModule,
      ],
    };
  }
}
