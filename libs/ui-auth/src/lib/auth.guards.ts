import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import { AUTH_CONFIG, type AuthConfig } from './auth.config';
import { AuthService } from './auth.service';

/** A user holding a temporary password goes to choose their own first, then on to where they were going. */
function passwordChangeFirst(auth: AuthService, router: Router, config: AuthConfig, url: string): UrlTree | null {
  if (!auth.mustChangePassword() || url.startsWith(config.changePasswordPath)) return null;
  return router.createUrlTree([config.changePasswordPath], { queryParams: { returnUrl: url } });
}

/** Lets signed-in users through; others go to sign-in and come back afterwards (`returnUrl`). */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const config = inject(AUTH_CONFIG);
  await auth.whenReady();
  if (auth.isSignedIn()) return passwordChangeFirst(auth, router, config, state.url) ?? true;
  return router.createUrlTree([config.signInPath], { queryParams: { returnUrl: state.url } });
};

/** Admins only: signed-out users go to sign-in, signed-in non-admins to the "no access" page. */
export const adminGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const config = inject(AUTH_CONFIG);
  await auth.whenReady();
  if (!auth.isSignedIn()) return router.createUrlTree([config.signInPath], { queryParams: { returnUrl: state.url } });
  if (!auth.isAdmin()) return router.createUrlTree([config.noAccessPath]);
  return passwordChangeFirst(auth, router, config, state.url) ?? true;
};

/** For the sign-in and register pages: someone already signed in goes straight home. */
export const guestGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const config = inject(AUTH_CONFIG);
  await auth.whenReady();
  return auth.isSignedIn() ? router.parseUrl(config.homePath) : true;
};
