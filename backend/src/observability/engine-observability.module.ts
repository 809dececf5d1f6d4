import { Module } from '@nestjs/common';
import { EngineMetricsHooks } from './engine-metrics.hooks';
import { RunEventLog } from './run-event-log';

/**
 * What this process observes of the engine: metrics (gate outcomes, model calls, queue) and one log line per
 * lifecycle event, both as listeners of the engine's event sink. Its own folder so that neither `metrics` nor
 * `logging` depends on `engine` (the engine uses both). Needs EngineModule and MetricsModule.
 */
@Module({ providers: [EngineMetricsHooks, RunEventLog] })
export class EngineObservabilityModule {}
