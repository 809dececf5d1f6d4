import type { MigrationInterface } from 'typeorm';
import { InitialSchema1763942400000 } from './1763942400000-initial-schema';
import { RunExecution1764460800000 } from './1764460800000-run-execution';
import { ModelCostsAnalytics1764547200000 } from './1764547200000-model-costs-analytics';
import { AnalyticsRunDeletes1764633600000 } from './1764633600000-analytics-run-deletes';
import { Accounts1764806400000 } from './1764806400000-accounts';
import { PromptParts1764820800000 } from './1764820800000-prompt-parts';
import { IdempotencyKeys1764892800000 } from './1764892800000-idempotency-keys';
import { RoutingEvidence1764892800000 } from './1764892800000-routing-evidence';
import { Webhooks1764979200000 } from './1764979200000-webhooks';
import { RunIntegritySweep1765065600011 } from './1765065600011-run-integrity-sweep';
import { SnakeCaseEventTotals1765152000000 } from './1765152000000-snake-case-event-totals';
import { ApiKeyWorkflows1765152000001 } from './1765152000001-api-key-workflows';
import { SsoIdentities1765152000002 } from './1765152000002-sso-identities';
import { DraftTestRuns1765152000021 } from './1765152000021-draft-test-runs';
import { RunNotifications1765152000022 } from './1765152000022-run-notifications';
import { SimulatedApart1765152000023 } from './1765152000023-simulated-apart';
import { SimulatorOnlyRuns1765152000120 } from './1765152000120-simulator-only-runs';
import { RoutingModelHistory1765152000140 } from './1765152000140-routing-model-history';

/** Every migration, oldest first. Add new ones at the end. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  InitialSchema1763942400000,
  RunExecution1764460800000,
  ModelCostsAnalytics1764547200000,
  AnalyticsRunDeletes1764633600000,
  Accounts1764806400000,
  PromptParts1764820800000,
  IdempotencyKeys1764892800000,
  RoutingEvidence1764892800000,
  Webhooks1764979200000,
  RunIntegritySweep1765065600011,
  SnakeCaseEventTotals1765152000000,
  ApiKeyWorkflows1765152000001,
  SsoIdentities1765152000002,
  DraftTestRuns1765152000021,
  RunNotifications1765152000022,
  SimulatedApart1765152000023,
  SimulatorOnlyRuns1765152000120,
  RoutingModelHistory1765152000140,
];
