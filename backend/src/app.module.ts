import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AgentsModule } from './agents/agents.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG, AppConfigModule } from './config/app-config.module';
import { CostsModule } from './costs/costs.module';
import { DatabaseModule } from './database/database.module';
import { AttemptWorkerModule } from './engine/attempt-worker.module';
import { EngineModule } from './engine/engine.module';
import { EventsModule } from './events/events.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { ExperimentsWorkerModule } from './experiments/experiments-worker.module';
import { GatesModule } from './gates/gates.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { loggerOptions } from './logging/logger.options';
import { MetricsModule } from './metrics/metrics.module';
import { EngineObservabilityModule } from './observability/engine-observability.module';
import { ModelsModule } from './models/models.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ProvidersModule } from './providers/providers.module';
import { RedisModule } from './redis/redis.module';
import { RunsModule } from './runs/runs.module';
import { SeedModule } from './seed/seed.module';
import { SettingsModule } from './settings/settings.module';
import { TemplatesModule } from './templates/templates.module';
import { RoutingModule } from './routing/routing.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkflowsModule } from './workflows/workflows.module';

/** The HTTP API. `AppModule.forRoot(config)` takes the already-validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: loggerOptions }),
        DatabaseModule,
        RedisModule,
        AuditModule,
        EngineModule,
        HealthModule,
        IdempotencyModule,
        UsersModule,
        AuthModule,
        WorkflowsModule,
        TemplatesModule,
        RunsModule,
        EventsModule,
        WebhooksModule,
        NotificationsModule,
        GatesModule,
        AgentsModule,
        ModelsModule,
        ProvidersModule,
        CostsModule,
        SettingsModule,
        ExperimentsModule,
        RoutingModule,
        SeedModule,
        MetricsModule.forRoot('api'),
        EngineObservabilityModule,
        LifecycleModule,
        // Single-process installs: this API also runs gate attempts (npm start runs a separate worker instead).
        ...(config.worker.runInApi ? [AttemptWorkerModule, ExperimentsWorkerModule] : []),
      ],
    };
  }
}
