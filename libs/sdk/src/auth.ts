import { EsyApiError, errorFromResponse } from './errors';
import type { AuthTokens } from './types';

/** How the client signs in: an API key (from the web app's "API keys" page), or a user's email and password. */
export type Credentials = { apiKey: string } | { email: string; password: string } | { refreshToken: string };

/**
 * Supplies the `Authorization` header. An API key is sent as it is; email/password logs in once and then keeps
 * the access token fresh with the (single-use, rotating) refresh token, one refresh at a time however many calls
 * are waiting on it.
 */
export class Authenticator {
  private tokens: AuthTokens | null = null;
  private refreshToken: string | null;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly credentials: Credentials,
    private readonly apiUrl: (path: string) => string,
    private readonly fetchImpl: typeof fetch,
  ) {
    this.refreshToken = 'refreshToken' in credentials ? credentials.refreshToken : null;
  }

  get usesApiKey(): boolean {
    return 'apiKey' in this.credentials;
  }

  /** The current session (null with an API key, or before the first call). */
  get session(): AuthTokens | null {
    return this.tokens;
  }

  async header(): Promise<string> {
    if ('apiKey' in this.credentials) return `Bearer ${this.credentials.apiKey}`;
    if (!this.tokens) await this.renew();
    return `Bearer ${this.tokens!.access_token}`;
  }

  /** Called after a 401: true when a new access token was obtained and the call is worth repeating. */
  async recover(usedHeader: string): Promise<boolean> {
    if ('apiKey' in this.credentials) return false;
    // Another call may have renewed it already while this one was in flight.
    if (this.tokens && `Bearer ${this.tokens.access_token}` !== usedHeader) return true;
    await this.renew(true);
    return true;
  }

  private renew(forceRefresh = false): Promise<void> {
    this.pending ??= this.obtain(forceRefresh).finally(() => (this.pending = null));
    return this.pending;
  }

  private async obtain(forceRefresh: boolean): Promise<void> {
    if (this.refreshToken && (forceRefresh || !this.tokens)) {
      try {
        this.tokens = await this.post('/auth/refresh', { refresh_token: this.refreshToken });
        this.refreshToken = this.tokens.refresh_token;
        return;
      } catch (error) {
        // An expired or revoked refresh token: sign in again when we can, else report why.
        if (!('email' in this.credentials) || !(error instanceof EsyApiError) || error.status !== 401) throw error;
      }
    }
    if (!('email' in this.credentials)) throw new EsyApiError(401, 'SESSION_ENDED', 'The session ended; sign in again.');
    this.tokens = await this.post('/auth/login', { email: this.credentials.email, password: this.credentials.password });
    this.refreshToken = this.tokens.refresh_token;
  }

  private async post(path: string, body: unknown): Promise<AuthTokens> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.apiUrl(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw unreachable(this.apiUrl(path), error);
    }
    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response.status, text);
    return JSON.parse(text) as AuthTokens;
  }
}

export function unreachable(url: string, error: unknown): EsyApiError {
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return new EsyApiError(0, 'UNREACHABLE', `cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
}
