import { EnvironmentProviders, inject, makeEnvironmentProviders, provideAppInitializer } from '@angular/core';
import { AUTH_CONFIG, AuthConfig, DEFAULT_AUTH_CONFIG } from './auth.config';
import { AuthService } from './auth.service';

/**
 * Registers the auth config and starts restoring a stored session while the app boots (not awaited: the first
 * paint is not held up; guards wait for it instead). Add `withInterceptors([authInterceptor])` to provideHttpClient.
 */
export function provideAuth(config: Partial<AuthConfig>): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: AUTH_CONFIG, useValue: { ...DEFAULT_AUTH_CONFIG, ...config } },
    provideAppInitializer(() => {
      void inject(AuthService).whenReady();
    }),
  ]);
}
