/** Where the sign-in page keeps the return URL while the browser is away at the identity provider. */
const RETURN_URL_KEY = 'esy.sso.returnUrl';

/** The address that starts single sign-on: a full page navigation, so the provider's pages replace the app. */
export const ssoStartUrl = (app: 'user' | 'admin') => `/api/auth/sso/start?app=${app}`;

/** What the sign-in page says for each `?sso_error=` code the server's callback sends back. */
const SSO_ERROR_MESSAGES: Record<string, string> = {
  SSO_NOT_CONFIGURED: 'Single sign-on is not set up on this server. Sign in with your password, or ask an administrator.',
  SSO_STATE_INVALID: 'That sign-in link was not started in this browser, or it has expired. Start again with the button below.',
  SSO_PROVIDER_ERROR: 'Your identity provider did not sign you in. Try again, or ask an administrator to check the single sign-on settings.',
  SSO_TOKEN_INVALID: 'The answer from your identity provider could not be verified (it was not issued for this server). Ask an administrator to check the single sign-on settings.',
  SSO_EMAIL_MISSING: 'Your identity provider did not share an email address, so no account could be matched.',
  SSO_EMAIL_UNVERIFIED: 'Your identity provider has not verified your email address, so it cannot be used to sign in here.',
  SSO_DOMAIN_NOT_ALLOWED: 'Accounts with your email domain may not sign in to this server. Ask an administrator if that is wrong.',
  SSO_ACCOUNT_DISABLED: 'This account is disabled. Ask an administrator.',
};

export function ssoErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return SSO_ERROR_MESSAGES[code] ?? 'Single sign-on did not work. Try again, or sign in with your password.';
}

/** The one-time code in `#sso_code=…`, if this page load is the return from the identity provider. */
export function ssoCodeOf(fragment: string | null | undefined): string | null {
  const code = fragment ? new URLSearchParams(fragment).get('sso_code') : null;
  return code && /^[A-Za-z0-9_-]{32,64}$/.test(code) ? code : null;
}

export function rememberSsoReturnUrl(storage: Storage | undefined, returnUrl: string | null | undefined): void {
  if (!storage) return;
  if (returnUrl) storage.setItem(RETURN_URL_KEY, returnUrl);
  else storage.removeItem(RETURN_URL_KEY);
}

/** Read once: the stored return URL is removed so a later sign-in does not reuse it. */
export function takeSsoReturnUrl(storage: Storage | undefined): string | null {
  const value = storage?.getItem(RETURN_URL_KEY) ?? null;
  storage?.removeItem(RETURN_URL_KEY);
  return value;
}
