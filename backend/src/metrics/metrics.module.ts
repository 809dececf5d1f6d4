import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { RunEventLog } from '../logging/run-event-log';
import { EngineMetricsHooks } from './engine-metrics.hooks';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsRecorder, type ProcessRole } from './metrics-recorder.service';
import { MetricsServer } from './metrics-server';
import { SseClientsGauge } from './sse-clients.gauge';

/**
 * Prometheus metrics of this process (see MetricsRecorder for the series, MetricsServer for the endpoint).
 * Global, so any module can inject MetricsRecorder to record something of its own. Needs EngineModule.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(role: ProcessRole): DynamicModule {
    return {
      module: MetricsModule,
      providers: [
        {
          provide: MetricsRecorder,
          useFactory: () => {
            const recorder = new MetricsRecorder();
            recorder.enableProcessMetrics(role);
            return recorder;
          },
        },
        EngineMetricsHooks,
        // Not a metric, but the same kind of hook on the engine's event sink: one log line per lifecycle event.
        RunEventLog,
        MetricsServer,
        ...(role === 'api' ? [SseClientsGauge] : []),
      ],
      exports: [MetricsRecorder],
    };
  }

  /** HTTP apps only (a worker's application context has no middleware). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
