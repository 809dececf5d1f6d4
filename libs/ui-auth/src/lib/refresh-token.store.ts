import { DOCUMENT } from '@angular/common';
import { inject, Injectable } from '@angular/core';
import { AUTH_CONFIG } from './auth.config';

export const REFRESH_TOKEN_KEY = 'esy.refresh_token';

/** The refresh token in local or session storage (see AuthConfig.persistence for why). */
@Injectable({ providedIn: 'root' })
export class RefreshTokenStore {
  private readonly config = inject(AUTH_CONFIG);
  private readonly window = inject(DOCUMENT).defaultView;

  private get storage(): Storage | null {
    try {
      return (this.config.persistence === 'session' ? this.window?.sessionStorage : this.window?.localStorage) ?? null;
    } catch {
      return null; // storage disabled: the session then lasts as long as the page
    }
  }

  read(): string | null {
    try {
      return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  }

  write(token: string): void {
    try {
      this.storage?.setItem(REFRESH_TOKEN_KEY, token);
    } catch {
      // quota or policy: keep working for this page only
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      // nothing stored
    }
  }
}
