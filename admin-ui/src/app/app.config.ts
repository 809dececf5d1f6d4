import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { provideApiConfiguration } from '@esy/api-client';
import { authInterceptor, provideAuth } from '@esy/ui-auth';
import { provideMaterialSymbols, provideTitleSuffix } from '@esy/ui-kit';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'enabled' })),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideApiConfiguration(''),
    provideAuth({
      appName: 'Esy Console',
      logoIcon: 'insights',
      tagline: 'See inside every run. Fix it. Ship better workflows.',
      highlights: [
        { icon: 'manage_search', text: 'Every gate attempt: prompt, raw output, checks' },
        { icon: 'build', text: 'Rerun, skip or approve, with a recorded reason' },
        { icon: 'payments', text: 'Cost by gate, by model, by day' },
      ],
      // Admin tokens can do much more than a user's: the session ends with the tab.
      persistence: 'session',
      allowRegistration: false,
      noAccessPath: '/no-access',
      ssoApp: 'admin',
    }),
    provideMaterialSymbols(),
    provideTitleSuffix('Esy Console'),
  ],
};
