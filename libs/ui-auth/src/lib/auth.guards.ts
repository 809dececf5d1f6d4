import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AUTH_CONFIG } from './auth.config';
import { AuthService } from './auth.service';

/** Lets signed-in users through; others go to sign-in and come back afterwards (`returnUrl`). */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const config = inject(AUTH_CONFIG);
  await auth.whenReady();
  if (auth.isSignedIn()) return true;
  return router.createUrlTree([config.signInPath], { queryParams: { returnUrl: state.url } });
};

/** Admins only: signed-out users go to sign-in, signed-in non-admins to the "no access" page. */
export const adminGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const config = inject(AUTH_CONFIG);
  await auth.whenReady();
  if (!auth.isSignedIn()) return router.createUrlTree([config.signInPath], { queryParams: { returnUrl: state.url } });
  return auth.isAdmin() ? true : router.createUrlTree([config.noAccessPath]);
};

/** For the sign-in and register pages: someone already signed in goes straight home. */
export const guestGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const config = inject(AUTH_CONFIG);
  await auth.whenReady();
  return auth.isSignedIn() ? router.parseUrl(config.homePath) : true;
};
