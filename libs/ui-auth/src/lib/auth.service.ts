import { DOCUMENT } from '@angular/common';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Api, AuthTokens, authChangePassword, authLogin, authLogout, authRefresh, authRegister, authSsoExchange, RegisterRequest, User } from '@esy/api-client';
import { firstValueFrom, Observable, defer, finalize, from, shareReplay } from 'rxjs';
import { AUTH_CONFIG } from './auth.config';
import { withoutAuth } from './auth.context';
import { REFRESH_TOKEN_KEY, RefreshTokenStore } from './refresh-token.store';

/** `restoring` until the stored refresh token (if any) has been tried once after page load. */
export type AuthStatus = 'restoring' | 'signed-in' | 'signed-out';

/** Web Lock held by the one tab refreshing for the whole browser. */
const REFRESH_LOCK = 'esy.auth.refresh';
/** Tabs tell each other about a fresh token pair on this channel, so only one of them asks the server. */
const TOKENS_CHANNEL = 'esy.auth.tokens';

/** Why the user is looking at the sign-in page, shown there in a banner. */
export type SignInReason = 'expired' | 'signed-out' | null;

/**
 * The signed-in user and their tokens. The access token lives only in memory (a signal); the refresh token in
 * storage so a reload can silently sign back in. All API calls go through the generated client.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly config = inject(AUTH_CONFIG);
  private readonly store = inject(RefreshTokenStore);
  private readonly window = inject(DOCUMENT).defaultView;

  private readonly accessTokenSignal = signal<string | null>(null);
  private readonly userSignal = signal<User | null>(null);
  private readonly statusSignal = signal<AuthStatus>('restoring');
  private readonly reasonSignal = signal<SignInReason>(null);
  private inFlightRefresh: Observable<string> | null = null;
  private restored: Promise<void> | null = null;
  /** The newest pair another tab obtained (only useful while the stored refresh token is still that pair's). */
  private sharedTokens: AuthTokens | null = null;
  private readonly channel = this.openChannel();

  readonly user = this.userSignal.asReadonly();
  readonly status = this.statusSignal.asReadonly();
  readonly signInReason = this.reasonSignal.asReadonly();
  readonly isSignedIn = computed(() => this.statusSignal() === 'signed-in');
  readonly isAdmin = computed(() => this.userSignal()?.role === 'admin');
  /** "Ada Lovelace" or the email when no display name is set. */
  readonly displayName = computed(() => {
    const user = this.userSignal();
    return user ? user.display_name?.trim() || user.email : '';
  });

  constructor() {
    // Signing out in one tab signs out the others that share the stored refresh token.
    this.window?.addEventListener('storage', (event) => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null && this.isSignedIn()) {
        this.clearSession('signed-out');
        void this.router.navigateByUrl(this.config.signInPath);
      }
    });
  }

  /** True when the user must replace a temporary password before doing anything else. */
  readonly mustChangePassword = computed(() => this.userSignal()?.must_change_password === true);

  accessToken(): string | null {
    return this.accessTokenSignal();
  }

  /**
   * Resolves once the stored session (if any) has been restored or found invalid. Called by the app initializer
   * and awaited by the guards, so a reload on a protected page does not bounce through the sign-in page.
   */
  whenReady(): Promise<void> {
    this.restored ??= this.restore();
    return this.restored;
  }

  async signIn(email: string, password: string): Promise<User> {
    const tokens = await firstValueFrom(this.api.invoke(authLogin, { body: { email, password } }, withoutAuth()));
    return this.accept(tokens);
  }

  /** Finishes single sign-on: the one-time code the server put in the sign-in page's address becomes a session. */
  async signInWithSso(code: string): Promise<User> {
    const tokens = await firstValueFrom(this.api.invoke(authSsoExchange, { body: { code } }, withoutAuth()));
    return this.accept(tokens);
  }

  async register(request: RegisterRequest): Promise<User> {
    const tokens = await firstValueFrom(this.api.invoke(authRegister, { body: request }, withoutAuth()));
    return this.accept(tokens);
  }

  /** Revokes the refresh token on the server (best effort) and forgets everything locally. */
  async signOut(): Promise<void> {
    const refreshToken = this.store.read();
    this.clearSession('signed-out');
    await this.router.navigateByUrl(this.config.signInPath);
    if (refreshToken) {
      try {
        await firstValueFrom(this.api.invoke(authLogout, { body: { refresh_token: refreshToken } }, withoutAuth()));
      } catch {
        // Already signed out locally; an unreachable server must not keep the user "signed in".
      }
    }
  }

  /** Changes the password; the server ends every other session and keeps this one. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await firstValueFrom(
      this.api.invoke(authChangePassword, { body: { current_password: currentPassword, new_password: newPassword } }),
    );
    const user = this.userSignal();
    if (user) this.userSignal.set({ ...user, must_change_password: false });
  }

  /**
   * A new access token from the stored refresh token. Concurrent callers in this tab share one request, and tabs
   * take turns under a Web Lock: a tab that waited finds the pair the previous holder obtained (broadcast to all
   * tabs) instead of presenting a refresh token that was just exchanged. The server's grace window covers
   * browsers without Web Locks.
   */
  refreshAccessToken(): Observable<string> {
    this.inFlightRefresh ??= defer(() => from(this.refreshOncePerBrowser())).pipe(
      finalize(() => (this.inFlightRefresh = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.inFlightRefresh;
  }

  private async refreshOncePerBrowser(): Promise<string> {
    const seen = this.store.read();
    const work = async (): Promise<string> => {
      const current = this.store.read();
      if (!current) throw new Error('No refresh token stored');
      const shared = this.sharedTokens;
      if (current !== seen && shared?.refresh_token === current) {
        this.accept(shared);
        return shared.access_token;
      }
      const tokens = await firstValueFrom(this.api.invoke(authRefresh, { body: { refresh_token: current } }, withoutAuth()));
      this.accept(tokens);
      this.channel?.postMessage(tokens);
      return tokens.access_token;
    };
    const locks = this.window?.navigator?.locks;
    return locks ? locks.request(REFRESH_LOCK, work) : work();
  }

  private openChannel(): BroadcastChannel | null {
    if (!this.window || typeof this.window.BroadcastChannel !== 'function') return null;
    const channel = new this.window.BroadcastChannel(TOKENS_CHANNEL);
    channel.onmessage = (event: MessageEvent<AuthTokens>) => {
      const tokens = event.data;
      if (!tokens?.refresh_token) return;
      this.sharedTokens = tokens;
      // Same stored session (tabs of the user app): take the fresh access token too, no request needed.
      if (this.isSignedIn() && this.store.read() === tokens.refresh_token) this.accept(tokens);
    };
    return channel;
  }

  /** The session cannot be renewed: forget it and send the user to sign in again, back to where they were. */
  expireSession(): void {
    if (this.statusSignal() === 'signed-out') return;
    const returnUrl = this.router.url;
    this.clearSession('expired');
    // The reason rides in the URL too, so the message survives a reload of the sign-in page.
    void this.router.navigate([this.config.signInPath], { queryParams: { returnUrl, reason: 'expired' } });
  }

  private async restore(): Promise<void> {
    if (!this.store.read()) {
      this.statusSignal.set('signed-out');
      return;
    }
    try {
      await firstValueFrom(this.refreshAccessToken());
    } catch {
      // The stored session expired or was ended elsewhere: that is why the user will see the sign-in page.
      this.clearSession('expired');
    }
  }

  private accept(tokens: AuthTokens): User {
    // A fresh sign-in settles the page-load restore too: there is nothing left to restore.
    this.restored ??= Promise.resolve();
    this.accessTokenSignal.set(tokens.access_token);
    this.store.write(tokens.refresh_token);
    this.userSignal.set(tokens.user);
    this.reasonSignal.set(null);
    this.statusSignal.set('signed-in');
    return tokens.user;
  }

  private clearSession(reason: SignInReason): void {
    this.accessTokenSignal.set(null);
    this.userSignal.set(null);
    this.store.clear();
    this.reasonSignal.set(reason);
    this.statusSignal.set('signed-out');
  }
}
