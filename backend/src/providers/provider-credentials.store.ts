import { Inject, Injectable, Logger } from '@nestjs/common';
import { decryptSecret, encryptSecret, lastFour, type ProviderConfig } from '@esy/orchestration';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import type { ProviderConfigSource } from '../engine/model-resolver.provider';
import { PG, type Pg } from '../database/pg';

/** One `provider_credentials` row as the server uses it; the key stays encrypted until `load()`. */
export interface StoredProviderRow {
  provider: string;
  encrypted_api_key: string | null;
  key_last_four: string | null;
  base_url: string | null;
  enabled: boolean;
  last_checked_at: Date | null;
  last_check_ok: boolean | null;
  last_error: string | null;
  updated_at: Date;
}

export interface ProviderCredentialsPatch {
  /** A new key (encrypted before it is written); null removes the stored key; undefined keeps it. */
  apiKey?: string | null;
  baseUrl?: string | null;
  enabled?: boolean;
}

/**
 * The encrypted credential store (AES-256-GCM under CREDENTIALS_KEY) and the engine's PROVIDER_CONFIG_SOURCE: the
 * model resolver overlays these decrypted settings on the environment's. Plaintext keys exist only in memory.
 */
@Injectable()
export class ProviderCredentialsStore implements ProviderConfigSource {
  private readonly logger = new Logger(ProviderCredentialsStore.name);

  constructor(
    @Inject(PG) private readonly pg: Pg,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Changes whenever anything `load()` returns changes (not on check-status updates). */
  async version(): Promise<string> {
    const { rows } = await this.pg.query<{ v: string | null }>(
      {
        name: 'provider_credentials_version',
        text: `SELECT md5(coalesce(string_agg(provider || '|' || coalesce(encrypted_api_key, '') || '|' || coalesce(base_url, '') || '|' || enabled::text, ',' ORDER BY provider), '')
                   || '|' || coalesce((SELECT string_agg(key || '=' || value::text, ',' ORDER BY key) FROM settings
                                       WHERE key IN ('simulation_enabled', 'simulator_latency_ms', 'simulator_fail_rate')), '')) AS v
               FROM provider_credentials`,
      },
      [],
    );
    return rows[0]?.v ?? '';
  }

  /** `simulation_enabled` from the admin settings, when an administrator set it. */
  async simulationEnabled(): Promise<boolean | undefined> {
    const { rows } = await this.pg.query<{ value: unknown }>(
      { name: 'settings_simulation_enabled', text: `SELECT value FROM settings WHERE key = 'simulation_enabled'` },
      [],
    );
    return typeof rows[0]?.value === 'boolean' ? rows[0].value : undefined;
  }

  /** The simulator's latency and failure rate from the admin settings, where an administrator set them. */
  async simulatorSettings(): Promise<{ latencyMs?: number; failRate?: number }> {
    const { rows } = await this.pg.query<{ key: string; value: unknown }>(
      { name: 'settings_simulator', text: `SELECT key, value FROM settings WHERE key IN ('simulator_latency_ms', 'simulator_fail_rate')` },
      [],
    );
    const value = (key: string) => {
      const found = rows.find((row) => row.key === key)?.value;
      return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
    };
    return { latencyMs: value('simulator_latency_ms'), failRate: value('simulator_fail_rate') };
  }

  async load(): Promise<Record<string, ProviderConfig>> {
    const out: Record<string, ProviderConfig> = {};
    for (const row of await this.rows()) {
      const entry: ProviderConfig = {};
      if (row.encrypted_api_key) {
        try {
          entry.apiKey = decryptSecret(row.encrypted_api_key, this.config.credentialsKey);
        } catch (error) {
          // Encrypted under another key (CREDENTIALS_KEY changed): treat as unset rather than failing every run.
          this.logger.warn(`Stored key for provider "${row.provider}" cannot be decrypted: ${(error as Error).message}`);
        }
      }
      if (row.base_url) entry.baseURL = row.base_url;
      if (!row.enabled) entry.enabled = false;
      if (Object.keys(entry).length) out[row.provider] = entry;
    }
    return out;
  }

  async rows(): Promise<StoredProviderRow[]> {
    const { rows } = await this.pg.query<StoredProviderRow>(
      `SELECT provider, encrypted_api_key, key_last_four, base_url, enabled, last_checked_at, last_check_ok, last_error, updated_at
       FROM provider_credentials ORDER BY provider`,
    );
    return rows;
  }

  async save(provider: string, patch: ProviderCredentialsPatch, userId: string | null): Promise<void> {
    const encrypted = typeof patch.apiKey === 'string' ? encryptSecret(patch.apiKey, this.config.credentialsKey) : null;
    const four = typeof patch.apiKey === 'string' ? lastFour(patch.apiKey) || null : null;
    // $2/$3 only apply when a key change was asked for ($6); $4 and $5 likewise keep the old value when undefined.
    await this.pg.query(
      `INSERT INTO provider_credentials (provider, encrypted_api_key, key_last_four, base_url, enabled, updated_by_id)
       VALUES ($1, $2, $3, $4, coalesce($5, true), $8)
       ON CONFLICT (provider) DO UPDATE SET
         encrypted_api_key = CASE WHEN $6 THEN EXCLUDED.encrypted_api_key ELSE provider_credentials.encrypted_api_key END,
         key_last_four = CASE WHEN $6 THEN EXCLUDED.key_last_four ELSE provider_credentials.key_last_four END,
         base_url = CASE WHEN $7 THEN EXCLUDED.base_url ELSE provider_credentials.base_url END,
         enabled = coalesce($5, provider_credentials.enabled),
         -- a new key or address makes the last check meaningless
         last_checked_at = CASE WHEN $6 OR $7 THEN NULL ELSE provider_credentials.last_checked_at END,
         last_check_ok = CASE WHEN $6 OR $7 THEN NULL ELSE provider_credentials.last_check_ok END,
         last_error = CASE WHEN $6 OR $7 THEN NULL ELSE provider_credentials.last_error END,
         updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`,
      [provider, encrypted, four, patch.baseUrl ?? null, patch.enabled ?? null, patch.apiKey !== undefined, patch.baseUrl !== undefined, userId],
    );
  }

  async remove(provider: string): Promise<boolean> {
    const { rowCount } = await this.pg.query(`DELETE FROM provider_credentials WHERE provider = $1`, [provider]);
    return rowCount > 0;
  }

  /** Records a "test connection" outcome (a row is created for environment-only providers). */
  async recordCheck(provider: string, at: Date, ok: boolean, error: string | null): Promise<void> {
    await this.pg.query(
      `INSERT INTO provider_credentials (provider, last_checked_at, last_check_ok, last_error) VALUES ($1, $2, $3, $4)
       ON CONFLICT (provider) DO UPDATE SET last_checked_at = $2, last_check_ok = $3, last_error = $4`,
      [provider, at, ok, error],
    );
  }
}
