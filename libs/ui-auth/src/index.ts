// Shared authentication for user-ui and admin-ui: session state, interceptor, guards and the auth pages.
export * from './lib/auth.config';
export * from './lib/auth.context';
export * from './lib/auth.service';
export * from './lib/auth.interceptor';
export * from './lib/auth.guards';
export * from './lib/provide-auth';
export * from './lib/refresh-token.store';
export * from './lib/safe-return-url';
// The pages are a separate entry point (@esy/ui-auth/pages) so apps can lazy-load them.
export * from './lib/user-menu.component';
