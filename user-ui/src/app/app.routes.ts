import { Routes } from '@angular/router';
import { guestGuard, signedInGuard } from '@esy/ui-auth';

/** Every page is lazy; the shell itself too, so the sign-in page loads only what it needs. */
export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [guestGuard],
    loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.SignInPageComponent),
  },
  {
    path: 'register',
    title: 'Create your account',
    canActivate: [guestGuard],
    loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.RegisterPageComponent),
  },
  {
    path: 'forgot-password',
    title: 'Forgot password',
    canActivate: [guestGuard],
    loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.ForgotPasswordPageComponent),
  },
  {
    path: 'reset-password',
    title: 'Choose a new password',
    loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.ResetPasswordPageComponent),
  },
  {
    path: 'account/password',
    title: 'Change password',
    canActivate: [signedInGuard],
    loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.ChangePasswordPageComponent),
  },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./shell/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', title: 'Dashboard', loadComponent: () => import('./dashboard/dashboard.page') },
      { path: 'workflows', title: 'Workflows', loadComponent: () => import('./workflows/workflows.page') },
      { path: 'workflows/:slug', title: 'Workflow', loadComponent: () => import('./workflows/workflow-detail.page') },
      { path: 'activity', title: 'Activity', loadComponent: () => import('./runs/activity.page') },
      { path: 'activity/:runId', title: 'Run progress', loadComponent: () => import('./runs/run-detail.page') },
      { path: 'artifacts', title: 'Artifacts', loadComponent: () => import('./artifacts/artifacts.page') },
      { path: 'artifacts/:id', title: 'Artifact', loadComponent: () => import('./artifacts/artifact-detail.page') },
      { path: 'specs', title: 'Specs', loadComponent: () => import('./specs/specs.page') },
      { path: 'specs/:id', title: 'Spec', loadComponent: () => import('./specs/spec-detail.page') },
      { path: 'settings/api-keys', title: 'API keys', loadComponent: () => import('./settings/api-keys.page') },
      { path: 'settings/webhooks', title: 'Webhooks', loadComponent: () => import('./settings/webhooks.page') },
      { path: 'settings/notifications', title: 'Notifications', loadComponent: () => import('./settings/notifications.page') },
      {
        path: 'settings/sessions',
        title: 'Sessions',
        data: { apiKeysLink: '/settings/api-keys' },
        loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.SessionsPageComponent),
      },
      { path: '**', title: 'Page not found', loadComponent: () => import('./shell/not-found.page') },
    ],
  },
];
