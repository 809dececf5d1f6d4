import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import * as oidc from 'openid-client';
import { Repository } from 'typeorm';
import type { AuditContext } from '../../audit/audit-context';
import { AuditService } from '../../audit/audit.service';
import type { AppConfig } from '../../config/app-config';
import { InjectConfig } from '../../config/app-config.module';
import { PG, type Pg } from '../../database/pg';
import { REDIS } from '../../redis/redis.module';
import { User, type UserRole } from '../../users/entities/user.entity';
import { normalizeEmail, UsersService } from '../../users/users.service';
import { PasswordService } from '../password.service';
import { randomSecret, sha256Hex } from '../secret-hashing';
import { OidcClientFactory } from './oidc-client.factory';
import { SsoRefusal } from './sso-refusal';
import { type ActiveSsoSettings, SsoSettingsStore } from './sso-settings.store';

/** The app that started a sign-in, and where the browser goes back to. */
export type SsoApp = 'user' | 'admin';
export const SSO_APPS: readonly SsoApp[] = ['user', 'admin'];

/** What is kept server-side between the redirect to the provider and its callback (never sent to the browser). */
interface PendingSignIn {
  app: SsoApp;
  codeVerifier: string;
  nonce: string;
}

/** A started sign-in: the provider's authorization URL and the state the browser's cookie must match. */
export interface StartedSignIn {
  url: string;
  state: string;
}

/** Pending sign-ins are forgotten after this (the user gave up at the provider). */
const PENDING_TTL_SECONDS = 600;
/** The one-time code handing the signed-in user to the app's sign-in page; it is redeemed at once. */
const HANDOFF_TTL_SECONDS = 60;

type Outcome = 'created' | 'linked' | 'returning';

/**
 * OpenID Connect sign-in (authorization code flow with PKCE, state and nonce, via openid-client). `start` sends the
 * browser to the provider; `finish` verifies the answer and its ID token, finds, links or creates the user, and
 * hands the app a one-time code for which `AuthService.signInAs` issues the usual token pair.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PG) private readonly pg: Pg,
    @InjectRepository(User) private readonly userRepository: Repository<User>,
    private readonly store: SsoSettingsStore,
    private readonly clients: OidcClientFactory,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  appUrl(app: SsoApp): string {
    return app === 'admin' ? this.config.publicAdminUrl : this.config.publicAppUrl;
  }

  /** Each app's own origin proxies /api, so the callback lands where the state cookie was set. */
  redirectUri(app: SsoApp): string {
    return `${this.appUrl(app)}/api/auth/sso/callback`;
  }

  async start(app: SsoApp): Promise<StartedSignIn> {
    const settings = await this.activeOrRefuse();
    const client = await this.configuration(settings);
    const pending: PendingSignIn = { app, codeVerifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce() };
    const state = oidc.randomState();
    await this.redis.set(this.pendingKey(state), JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS);
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: this.redirectUri(app),
      scope: settings.scopes,
      state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * Completes a sign-in from the provider's redirect. `cookieState` is the state this browser was given at start:
   * a callback carrying another state (a link someone else started) is refused. Returns the app's address to
   * send the browser to, with either a one-time code or the refusal's code. Writes exactly one audit row.
   */
  async finish(query: URLSearchParams, cookie: { app: SsoApp; state: string } | null, audit: AuditContext): Promise<string> {
    const state = query.get('state');
    // The pending sign-in is taken (deleted) at once: a state works for one callback only.
    const pending = state ? await this.takePending(state) : null;
    const app = pending?.app ?? cookie?.app ?? 'user';
    try {
      if (!state) throw new SsoRefusal('SSO_STATE_INVALID', 'state_missing');
      if (!pending) throw new SsoRefusal('SSO_STATE_INVALID', 'state_unknown_or_expired');
      if (!cookie || cookie.state !== state) throw new SsoRefusal('SSO_STATE_INVALID', 'state_not_from_this_browser');
      const providerError = query.get('error');
      if (providerError) {
        throw new SsoRefusal('SSO_PROVIDER_ERROR', 'provider_error', { error: providerError.slice(0, 100), description: query.get('error_description')?.slice(0, 300) ?? null });
      }
      const settings = await this.activeOrRefuse();
      const claims = await this.verifiedClaims(settings, pending, query);
      const { user, outcome } = await this.resolveUser(settings, claims);
      const code = randomSecret(32);
      await this.redis.set(this.handoffKey(code), user.id, 'EX', HANDOFF_TTL_SECONDS);
      await this.audit.record(
        { ...audit, actor: { id: user.id, email: user.email } },
        {
          action: outcome === 'created' ? 'auth.sso_user_created' : outcome === 'linked' ? 'auth.sso_account_linked' : 'auth.sso_signed_in',
          target: { type: 'user', id: user.id, label: user.email },
          after: { issuer: settings.issuer_url, ...(outcome === 'created' ? { role: user.role } : {}) },
        },
      );
      // A fragment, not a query: it never reaches a server log or a Referer header.
      return `${this.appUrl(app)}/sign-in#sso_code=${code}`;
    } catch (error) {
      const refusal = error instanceof SsoRefusal ? error : this.unexpected(error);
      await this.audit.record(audit, {
        action: 'auth.sso_refused',
        target: { type: 'user', id: (refusal.detail.user_id as string | undefined) ?? null, label: (refusal.detail.email as string | undefined) ?? null },
        after: { code: refusal.code, reason: refusal.reason, ...refusal.detail },
      });
      this.logger.warn(`Single sign-on refused: ${refusal.code} (${refusal.reason})`);
      return `${this.appUrl(app)}/sign-in?sso_error=${refusal.code}`;
    }
  }

  /** The user a one-time code from `finish` stands for; each code works once, for a minute. */
  async redeem(code: string): Promise<string | null> {
    return this.redis.getdel(this.handoffKey(code));
  }

  private async verifiedClaims(settings: ActiveSsoSettings, pending: PendingSignIn, query: URLSearchParams): Promise<Record<string, unknown>> {
    const client = await this.configuration(settings);
    const currentUrl = new URL(this.redirectUri(pending.app));
    currentUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(client, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: query.get('state') ?? undefined,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SsoRefusal('SSO_TOKEN_INVALID', reasonOf(error), { error: String((error as Error).message).slice(0, 300) });
    }
    const idClaims = tokens.claims() as Record<string, unknown> | undefined;
    if (!idClaims) throw new SsoRefusal('SSO_TOKEN_INVALID', 'id_token_missing');
    const needed = ['email', 'email_verified', ...(settings.role_claim ? [settings.role_claim] : [])];
    if (needed.every((claim) => claim in idClaims) || !client.serverMetadata().userinfo_endpoint) return idClaims;
    // Many providers put email and groups only in the userinfo answer; the ID token's claims win where both say.
    try {
      const info = await oidc.fetchUserInfo(client, tokens.access_token, String(idClaims.sub));
      return { ...info, ...idClaims };
    } catch (error) {
      throw new SsoRefusal('SSO_TOKEN_INVALID', 'userinfo_failed', { error: String((error as Error).message).slice(0, 300) });
    }
  }

  /** Returning identity → its user; else an existing user with the same (verified) email is linked; else a new user. */
  private async resolveUser(settings: ActiveSsoSettings, claims: Record<string, unknown>): Promise<{ user: User; outcome: Outcome }> {
    const subject = typeof claims.sub === 'string' ? claims.sub : null;
    if (!subject) throw new SsoRefusal('SSO_TOKEN_INVALID', 'sub_missing');
    const email = typeof claims.email === 'string' && claims.email.includes('@') ? normalizeEmail(claims.email) : null;
    if (!email) throw new SsoRefusal('SSO_EMAIL_MISSING', 'email_missing', { subject });
    // Only an address the provider vouches for may open (or create) an account here.
    if (claims.email_verified !== true && claims.email_verified !== 'true') throw new SsoRefusal('SSO_EMAIL_UNVERIFIED', 'email_unverified', { email });
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (settings.allowed_domains.length && !settings.allowed_domains.includes(domain)) {
      throw new SsoRefusal('SSO_DOMAIN_NOT_ALLOWED', 'domain_not_allowed', { email, domain });
    }

    const { rows } = await this.pg.query<{ user_id: string }>(
      `UPDATE sso_identities SET last_sign_in_at = now(), email = $3 WHERE issuer = $1 AND subject = $2 RETURNING user_id`,
      [settings.issuer_url, subject, email],
    );
    let user: User | null = rows[0] ? await this.users.findById(rows[0].user_id) : null;
    let outcome: Outcome = 'returning';
    if (!user) {
      user = await this.users.findByEmail(email);
      outcome = user ? 'linked' : 'created';
      user ??= await this.createUser(email, claims, this.roleFor(settings, claims));
      await this.pg.query(
        `INSERT INTO sso_identities (issuer, subject, user_id, email) VALUES ($1, $2, $3, $4)
         ON CONFLICT (issuer, subject) DO UPDATE SET user_id = EXCLUDED.user_id, email = EXCLUDED.email, last_sign_in_at = now()`,
        [settings.issuer_url, subject, user.id, email],
      );
    }
    if (user.disabled) throw new SsoRefusal('SSO_ACCOUNT_DISABLED', 'account_disabled', { email, user_id: user.id });
    user.lastLoginAt = new Date();
    await this.userRepository.update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
    return { user, outcome };
  }

  /** Admin when the role claim (a string or a list) holds one of the admin values; otherwise a user. */
  private roleFor(settings: ActiveSsoSettings, claims: Record<string, unknown>): UserRole {
    if (!settings.role_claim || !settings.admin_values.length) return 'user';
    const value = claims[settings.role_claim];
    const values = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\s,]+/) : [];
    return values.some((entry) => settings.admin_values.includes(entry)) ? 'admin' : 'user';
  }

  private async createUser(email: string, claims: Record<string, unknown>, role: UserRole): Promise<User> {
    const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 100) : '';
    // The account signs in through the provider; its password is a random one nobody knows (a reset can set one).
    const passwordHash = await this.passwords.hash(randomSecret(32));
    return this.userRepository.save(
      this.userRepository.create({ email, displayName: name || null, role, passwordHash, lastLoginAt: new Date() }),
    );
  }

  private async activeOrRefuse(): Promise<ActiveSsoSettings> {
    const settings = await this.store.active();
    if (!settings) throw new SsoRefusal('SSO_NOT_CONFIGURED', 'not_configured');
    return settings;
  }

  private async configuration(settings: ActiveSsoSettings): Promise<oidc.Configuration> {
    try {
      return await this.clients.configurationFor(settings);
    } catch (error) {
      throw new SsoRefusal('SSO_PROVIDER_ERROR', 'discovery_failed', { error: String((error as Error).message).slice(0, 300) });
    }
  }

  private async takePending(state: string): Promise<PendingSignIn | null> {
    if (state.length > 200) return null;
    const raw = await this.redis.getdel(this.pendingKey(state));
    return raw ? (JSON.parse(raw) as PendingSignIn) : null;
  }

  private unexpected(error: unknown): SsoRefusal {
    this.logger.error(`Single sign-on failed: ${(error as Error)?.stack ?? String(error)}`);
    return new SsoRefusal('SSO_FAILED', 'internal_error');
  }

  private pendingKey(state: string): string {
    return `${this.config.redis.keyPrefix}:sso:pending:${sha256Hex(state)}`;
  }

  private handoffKey(code: string): string {
    return `${this.config.redis.keyPrefix}:sso:handoff:${sha256Hex(code)}`;
  }
}

/** A short reason from openid-client's error: the failed claim check (`aud`, `nonce`, `iss`) or its error code. */
function reasonOf(error: unknown): string {
  // openid-client wraps oauth4webapi's errors; the claim that failed sits somewhere down the cause chain.
  for (let current = error as { cause?: unknown; claim?: string } | undefined, depth = 0; current && depth < 4; current = current.cause as typeof current, depth += 1) {
    if (typeof current.claim === 'string') return `claim_${current.claim}`;
  }
  const { code, error: oauthError } = error as { code?: string; error?: string };
  if (oauthError) return `token_endpoint_${oauthError}`.slice(0, 80);
  return (code ?? 'verification_failed').toLowerCase();
}
