import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';

/**
 * Costs and analytics. Per-attempt cost is computed exactly by the core (tokens × NUMERIC prices) and stored on the
 * attempt; the run total is the engine's exact sum; per gate / model / day figures come from the daily rollups
 * that triggers keep in step with `gate_executions` (see the ModelCostsAnalytics migration).
 */
@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsService],
  exports: [AnalyticsService],
})
export class CostsModule {}
