import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling, withViewTransitions } from '@angular/router';
import { provideApiConfiguration } from '@esy/api-client';
import { authInterceptor, provideAuth } from '@esy/ui-auth';
import { provideMaterialSymbols, provideTitleSuffix } from '@esy/ui-kit';
import { routes } from './app.routes';
import { crossfadeWithinOneLayout } from './view-transitions';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(
      routes,
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'enabled' }),
      withViewTransitions({ skipInitialTransition: true, onViewTransitionCreated: crossfadeWithinOneLayout }),
    ),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    // Same origin: the dev server proxies /api to the backend; in production a reverse proxy does.
    provideApiConfiguration(''),
    provideAuth({
      appName: 'Esy',
      tagline: 'From an idea to a publication-grade essay.',
      highlights: [
        { icon: 'verified', text: 'Every step checked before the next one starts' },
        { icon: 'bolt', text: 'Progress you can watch live' },
        { icon: 'inventory_2', text: 'Your essay and its full research package' },
      ],
      persistence: 'local',
      allowRegistration: true,
    }),
    provideMaterialSymbols(),
    provideTitleSuffix('Esy'),
  ],
};
