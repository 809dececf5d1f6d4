import type { MigrationInterface } from 'typeorm';
import { InitialSchema1763942400000 } from './1763942400000-initial-schema';
import { RunExecution1764460800000 } from './1764460800000-run-execution';
import { ModelCostsAnalytics1764547200000 } from './1764547200000-model-costs-analytics';
import { AnalyticsRunDeletes1764633600000 } from './1764633600000-analytics-run-deletes';
import { Accounts1764806400000 } from './1764806400000-accounts';
import { RunIntegritySweep1764900000011 } from './1764900000011-run-integrity-sweep';

/** Every migration, oldest first. Add new ones at the end. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  InitialSchema1763942400000,
  RunExecution1764460800000,
  ModelCostsAnalytics1764547200000,
  AnalyticsRunDeletes1764633600000,
  Accounts1764806400000,
  RunIntegritySweep1764900000011,
];
