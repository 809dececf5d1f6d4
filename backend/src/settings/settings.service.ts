import { Inject, Injectable } from '@nestjs/common';
import { formatUsd, parseUsd } from '@esy/orchestration';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { PG, toJsonb, type Pg } from '../database/pg';
import { PlatformSettings } from '../engine/platform-settings';
import { iso } from '../workflows/workflows-read.service';
import type { PlatformSettingsDto, UpdatePlatformSettingsDto } from './dto/platform-settings.dto';

/**
 * Request field → key in the `settings` table. The first four are the keys the run engine reads
 * (engine/platform-settings.ts); the model resolver reads the simulator keys (providers/provider-credentials.store.ts).
 */
export const SETTING_KEYS = {
  max_attempts: 'default_max_attempts',
  escalate_on_retry: 'escalate_on_retry',
  default_run_budget_usd: 'default_budget_usd',
  infra_retry_limit: 'infra_retry_limit',
  simulation_enabled: 'simulation_enabled',
  simulator_latency_ms: 'simulator_latency_ms',
  simulator_fail_rate: 'simulator_fail_rate',
} as const satisfies Record<keyof UpdatePlatformSettingsDto, string>;

/** Platform settings for administrators: one typed view over the key/value `settings` table. */
@Injectable()
export class SettingsService {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async get(): Promise<PlatformSettingsDto> {
    // The run defaults are interpreted by the engine's own reader (a fresh one, so no cache), so this page
    // always shows exactly what the next run gets.
    const run = await new PlatformSettings(this.pg).runSettings();
    const { rows } = await this.pg.query<{ key: string; value: unknown; updated_at: Date; updated_by_id: string | null }>(
      `SELECT key, value, updated_at, updated_by_id FROM settings WHERE key = ANY($1::text[]) ORDER BY updated_at DESC`,
      [Object.values(SETTING_KEYS)],
    );
    const stored = new Map(rows.map((row) => [row.key, row.value]));
    const simulator = this.config.simulator;
    return {
      max_attempts: run.defaultMaxAttempts,
      escalate_on_retry: run.escalateOnRetry,
      default_run_budget_usd: run.defaultBudgetUsd,
      infra_retry_limit: run.infraRetryLimit,
      infra_retry_limit_default: this.config.infraRetry.limit,
      simulation_enabled: typeof stored.get(SETTING_KEYS.simulation_enabled) === 'boolean' ? (stored.get(SETTING_KEYS.simulation_enabled) as boolean) : simulator.enabled,
      simulator_latency_ms: numberOr(stored.get(SETTING_KEYS.simulator_latency_ms), simulator.latencyMs),
      simulator_fail_rate: numberOr(stored.get(SETTING_KEYS.simulator_fail_rate), simulator.failRate),
      updated_at: rows[0] ? iso(rows[0].updated_at) : null,
      updated_by_id: rows[0]?.updated_by_id ?? null,
    };
  }

  async update(changes: UpdatePlatformSettingsDto, actor: AuthenticatedUser): Promise<PlatformSettingsDto> {
    const entries = (Object.keys(SETTING_KEYS) as (keyof typeof SETTING_KEYS)[])
      .filter((field) => changes[field] !== undefined)
      .map((field) => [SETTING_KEYS[field], field === 'default_run_budget_usd' ? normaliseBudget(changes[field] ?? null) : changes[field]] as const);
    if (entries.length) {
      await this.pg.transaction(async (tx) => {
        for (const [key, value] of entries) {
          await tx.query(
            `INSERT INTO settings (key, value, updated_by_id, updated_at) VALUES ($1, $2::jsonb, $3, now())
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`,
            [key, toJsonb(value) ?? 'null', actor.id],
          );
        }
      });
    }
    return this.get();
  }
}

/** "5" → "5.00": the engine stores budgets as exact decimal strings. */
function normaliseBudget(value: string | null): string | null {
  return value === null ? null : formatUsd(parseUsd(value));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
