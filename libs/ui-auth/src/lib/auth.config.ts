import { InjectionToken } from '@angular/core';

/** How an app wires the shared auth: where the pages live and how long a session is remembered. */
export interface AuthConfig {
  /** Product name shown on the sign-in and register pages. */
  appName: string;
  /** Material Symbols icon shown beside the product name (matches the app shell's mark). */
  logoIcon: string;
  /** One sentence under the name on the auth pages. */
  tagline: string;
  /** Short points beside the sign-in form (desktop only): Material Symbols icon name + text. */
  highlights: readonly { icon: string; text: string }[];
  /**
   * Where the refresh token is kept between page loads.
   * - `local`: survives closing the browser and is shared by tabs — the user app, where people expect to stay signed in.
   * - `session`: dies with the tab — the admin console, whose tokens can do much more, so they should live shorter.
   * The access token is only ever kept in memory, so a script injected into the page cannot read it from storage.
   */
  persistence: 'local' | 'session';
  /** Whether the sign-in page links to self-service registration. */
  allowRegistration: boolean;
  /** Router paths. */
  signInPath: string;
  registerPath: string;
  forgotPasswordPath: string;
  /** Outside the shell: also where a user with a temporary password is sent until they choose their own. */
  changePasswordPath: string;
  homePath: string;
  /** Where signed-in users without the admin role are sent by `adminGuard`. */
  noAccessPath: string;
  /** Only requests whose URL starts with this get the bearer token (never third-party URLs). */
  apiPrefix: string;
  /** Which app single sign-on returns to (the server knows each app's address). */
  ssoApp: 'user' | 'admin';
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  appName: 'Esy',
  logoIcon: 'auto_awesome',
  tagline: 'Publication-grade work, one verified step at a time.',
  highlights: [
    { icon: 'verified', text: 'Every step checked against its contract' },
    { icon: 'bolt', text: 'Progress you can watch live' },
    { icon: 'receipt_long', text: 'A full record of what was done and what it cost' },
  ],
  persistence: 'local',
  allowRegistration: true,
  signInPath: '/sign-in',
  registerPath: '/register',
  forgotPasswordPath: '/forgot-password',
  changePasswordPath: '/account/password',
  homePath: '/',
  noAccessPath: '/no-access',
  apiPrefix: '/api/',
  ssoApp: 'user',
};

export const AUTH_CONFIG = new InjectionToken<AuthConfig>('esy.auth-config', {
  providedIn: 'root',
  factory: () => DEFAULT_AUTH_CONFIG,
});
