// Sign-in and register pages: import them lazily (loadComponent) so forms code stays out of the initial bundle.
export * from './lib/pages/auth-layout.component';
export * from './lib/pages/sign-in-page.component';
export * from './lib/pages/register-page.component';
export * from './lib/pages/server-errors';
