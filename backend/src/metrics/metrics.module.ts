import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsRecorder, type ProcessRole } from './metrics-recorder.service';
import { MetricsServer } from './metrics-server';
import { SseClientsGauge } from './sse-clients.gauge';

/**
 * Prometheus metrics of this process (see MetricsRecorder for the series, MetricsServer for the endpoint).
 * Global, so any module can inject MetricsRecorder to record something of its own. The engine's series are fed by
 * observability/EngineObservabilityModule.
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
