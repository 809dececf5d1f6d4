import { Module } from '@nestjs/common';
import { AdminUsageController, AdminUserUsageController } from './admin-usage.controller';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

/**
 * Costs and analytics. Per-attempt cost is computed exactly by the core (tokens × NUMERIC prices) and stored on the
 * attempt; the run total is the engine's exact sum; per gate / model / day figures come from the daily rollups
 * that triggers keep in step with `gate_executions` (see the ModelCostsAnalytics migration). Per-user usage reads
 * `runs` and their attempts directly (by user and created_at).
 */
@Module({
  controllers: [AnalyticsController, AdminUsageController, AdminUserUsageController],
  providers: [AnalyticsService, UsageService, UsageRepository],
  exports: [AnalyticsService],
})
export class CostsModule {}
