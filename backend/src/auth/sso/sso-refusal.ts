/**
 * Why a single sign-on attempt was refused. The code goes to the sign-in page (`?sso_error=CODE`), which shows a
 * sentence for it; the reason and detail go only to the audit log and the server log.
 */
export type SsoRefusalCode =
  | 'SSO_NOT_CONFIGURED'
  | 'SSO_STATE_INVALID'
  | 'SSO_PROVIDER_ERROR'
  | 'SSO_TOKEN_INVALID'
  | 'SSO_EMAIL_MISSING'
  | 'SSO_EMAIL_UNVERIFIED'
  | 'SSO_DOMAIN_NOT_ALLOWED'
  | 'SSO_ACCOUNT_DISABLED'
  | 'SSO_FAILED';

export class SsoRefusal extends Error {
  constructor(
    readonly code: SsoRefusalCode,
    /** Short machine-readable reason for the audit row: `state_mismatch`, `aud`, `domain`, … */
    readonly reason: string,
    /** Extra facts for the audit row (the email tried, the provider's error). Never tokens. */
    readonly detail: Record<string, unknown> = {},
  ) {
    super(`${code}: ${reason}`);
    this.name = 'SsoRefusal';
  }
}
