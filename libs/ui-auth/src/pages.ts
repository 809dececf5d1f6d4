// Sign-in and register pages: import them lazily (loadComponent) so forms code stays out of the initial bundle.
export * from './lib/pages/auth-layout.component';
export * from './lib/pages/sign-in-page.component';
export * from './lib/pages/register-page.component';
export * from './lib/pages/server-errors';
export * from './lib/pages/forgot-password-page.component';
export * from './lib/pages/reset-password-page.component';
export * from './lib/pages/change-password-page.component';
export * from './lib/pages/sessions-page.component';
