import { Inject, Injectable, Logger } from '@nestjs/common';
import { decryptSecret, encryptSecret } from '@esy/orchestration';
import type { AppConfig } from '../../config/app-config';
import { InjectConfig } from '../../config/app-config.module';
import { PG, toJsonb, type Pg } from '../../database/pg';
import type { UpdateSsoSettingsDto } from './dto/sso-settings.dto';

/** The `settings` row holding the single sign-on configuration. */
export const SSO_SETTINGS_KEY = 'sso';

/** SSO settings as stored: the client secret encrypted (AES-256-GCM under CREDENTIALS_KEY), like provider keys. */
export interface StoredSsoSettings {
  enabled: boolean;
  issuer_url: string | null;
  client_id: string | null;
  encrypted_client_secret: string | null;
  display_name: string;
  allowed_domains: string[];
  scopes: string;
  role_claim: string | null;
  admin_values: string[];
  local_passwords: boolean;
}

export interface SsoSettingsRow {
  settings: StoredSsoSettings;
  updatedAt: Date | null;
  updatedById: string | null;
}

/** A complete, enabled configuration with the secret decrypted: what a sign-in needs. */
export interface ActiveSsoSettings extends Omit<StoredSsoSettings, 'encrypted_client_secret' | 'issuer_url' | 'client_id'> {
  issuer_url: string;
  client_id: string;
  client_secret: string;
}

export const DEFAULT_SSO_SETTINGS: StoredSsoSettings = {
  enabled: false,
  issuer_url: null,
  client_id: null,
  encrypted_client_secret: null,
  display_name: 'SSO',
  allowed_domains: [],
  scopes: 'openid email profile',
  role_claim: null,
  admin_values: [],
  local_passwords: true,
};

/** Reads and writes the `sso` settings row. */
@Injectable()
export class SsoSettingsStore {
  private readonly logger = new Logger(SsoSettingsStore.name);

  constructor(
    @Inject(PG) private readonly pg: Pg,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async read(): Promise<SsoSettingsRow> {
    const { rows } = await this.pg.query<{ value: Partial<StoredSsoSettings> | null; updated_at: Date; updated_by_id: string | null }>(
      { name: 'settings_sso', text: `SELECT value, updated_at, updated_by_id FROM settings WHERE key = $1` },
      [SSO_SETTINGS_KEY],
    );
    const row = rows[0];
    return {
      settings: { ...DEFAULT_SSO_SETTINGS, ...(row?.value ?? {}) },
      updatedAt: row?.updated_at ?? null,
      updatedById: row?.updated_by_id ?? null,
    };
  }

  /** The configuration a sign-in can use, or null when SSO is off or incomplete. */
  async active(): Promise<ActiveSsoSettings | null> {
    const { settings } = await this.read();
    const secret = this.secretOf(settings);
    if (!settings.enabled || !settings.issuer_url || !settings.client_id || !secret) return null;
    const { encrypted_client_secret: _omitted, ...rest } = settings;
    return { ...rest, issuer_url: settings.issuer_url, client_id: settings.client_id, client_secret: secret };
  }

  /** The stored settings with `changes` applied (not yet written). */
  merge(current: StoredSsoSettings, changes: UpdateSsoSettingsDto): StoredSsoSettings {
    const next: StoredSsoSettings = { ...current };
    if (changes.enabled !== undefined) next.enabled = changes.enabled;
    if (changes.issuer_url !== undefined) next.issuer_url = changes.issuer_url?.replace(/\/+$/, '') ?? null;
    if (changes.client_id !== undefined) next.client_id = changes.client_id;
    if (changes.client_secret !== undefined) {
      next.encrypted_client_secret = changes.client_secret === null ? null : encryptSecret(changes.client_secret, this.config.credentialsKey);
    }
    if (changes.display_name !== undefined) next.display_name = changes.display_name.trim();
    if (changes.allowed_domains !== undefined) next.allowed_domains = [...new Set(changes.allowed_domains)];
    if (changes.scopes !== undefined) next.scopes = changes.scopes;
    if (changes.role_claim !== undefined) next.role_claim = changes.role_claim;
    if (changes.admin_values !== undefined) next.admin_values = [...new Set(changes.admin_values)];
    if (changes.local_passwords !== undefined) next.local_passwords = changes.local_passwords;
    return next;
  }

  async write(settings: StoredSsoSettings, actorId: string): Promise<void> {
    await this.pg.query(
      `INSERT INTO settings (key, value, updated_by_id, updated_at) VALUES ($1, $2::jsonb, $3, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`,
      [SSO_SETTINGS_KEY, toJsonb(settings), actorId],
    );
  }

  secretOf(settings: StoredSsoSettings): string | null {
    if (!settings.encrypted_client_secret) return null;
    try {
      return decryptSecret(settings.encrypted_client_secret, this.config.credentialsKey);
    } catch (error) {
      // Encrypted under another CREDENTIALS_KEY: as if unset (the settings page shows it missing).
      this.logger.warn(`The stored SSO client secret cannot be decrypted: ${(error as Error).message}`);
      return null;
    }
  }
}
