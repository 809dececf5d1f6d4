import { formatUsd, parseUsd } from '@esy/orchestration';
import type { Pg } from '../database/pg';

/**
 * The run defaults an administrator may set in the `settings` table (keys below; values are JSON). Read with a
 * short cache so a change applies to the next run or attempt without a restart. Missing or malformed values fall
 * back to the built-in defaults.
 *
 * | key                    | value                    | used for                                            |
 * |------------------------|--------------------------|-----------------------------------------------------|
 * | `default_budget_usd`   | "5.00", 5 or null        | budget of a new run whose spec sets none            |
 * | `default_max_attempts` | 3                        | attempts per gate when neither gate nor spec say    |
 * | `escalate_on_retry`    | false                    | climb a tier on automatic retries (unless the spec says) |
 * | `infra_retry_limit`    | 10                       | infrastructure retries per gate per window (else INFRA_RETRY_LIMIT) |
 */
export interface PlatformRunSettings {
  defaultBudgetUsd: string | null;
  defaultMaxAttempts: number;
  escalateOnRetry: boolean;
  /** null: the environment's INFRA_RETRY_LIMIT applies. */
  infraRetryLimit: number | null;
}

export const BUILT_IN_RUN_SETTINGS: Readonly<PlatformRunSettings> = { defaultBudgetUsd: null, defaultMaxAttempts: 3, escalateOnRetry: false, infraRetryLimit: null };
export const MAX_INFRA_RETRY_LIMIT = 1000;

const CACHE_MS = 5_000;

export class PlatformSettings {
  private cached: { value: PlatformRunSettings; at: number } | null = null;

  constructor(private readonly pg: Pg) {}

  async runSettings(): Promise<PlatformRunSettings> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.value;
    const { rows } = await this.pg.query<{ key: string; value: unknown }>(
      { name: 'settings_run_defaults', text: `SELECT key, value FROM settings WHERE key = ANY($1::text[])` },
      [['default_budget_usd', 'default_max_attempts', 'escalate_on_retry', 'infra_retry_limit']],
    );
    const values = new Map(rows.map((row) => [row.key, row.value]));
    const value: PlatformRunSettings = {
      defaultBudgetUsd: budgetOf(values.get('default_budget_usd')),
      defaultMaxAttempts: attemptsOf(values.get('default_max_attempts')),
      escalateOnRetry: values.get('escalate_on_retry') === true,
      infraRetryLimit: infraLimitOf(values.get('infra_retry_limit')),
    };
    this.cached = { value, at: Date.now() };
    return value;
  }
}

function budgetOf(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  try {
    return formatUsd(parseUsd(value));
  } catch {
    return null;
  }
}

function attemptsOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 20 ? value : BUILT_IN_RUN_SETTINGS.defaultMaxAttempts;
}

function infraLimitOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_INFRA_RETRY_LIMIT ? value : null;
}
