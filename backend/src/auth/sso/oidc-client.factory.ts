import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { ActiveSsoSettings } from './sso-settings.store';

/** How long a discovered configuration (metadata and keys location) is reused before asking the issuer again. */
const DISCOVERY_TTL_MS = 10 * 60_000;

/** True for http:// issuers on this machine; the settings refuse any other plain-http issuer. */
export const isLoopbackHttp = (url: URL) => url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/**
 * openid-client configurations per issuer + client, discovered once and cached briefly. The client authenticates
 * with client_secret_basic, the OpenID Connect default every provider supports.
 */
@Injectable()
export class OidcClientFactory {
  private cached: { key: string; at: number; config: oidc.Configuration } | null = null;

  async configurationFor(settings: Pick<ActiveSsoSettings, 'issuer_url' | 'client_id' | 'client_secret'>): Promise<oidc.Configuration> {
    const key = createHash('sha256').update(`${settings.issuer_url}\n${settings.client_id}\n${settings.client_secret}`).digest('hex');
    if (this.cached?.key === key && Date.now() - this.cached.at < DISCOVERY_TTL_MS) return this.cached.config;
    const config = await this.discover(settings.issuer_url, settings.client_id, settings.client_secret);
    this.cached = { key, at: Date.now(), config };
    return config;
  }

  /** Fetches the issuer's discovery document; throws when it is unreachable or names another issuer. */
  async discover(issuerUrl: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
    const issuer = new URL(issuerUrl);
    return oidc.discovery(issuer, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
      execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
  }

  forget(): void {
    this.cached = null;
  }
}
