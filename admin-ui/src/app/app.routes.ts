import { Routes } from '@angular/router';
import { adminGuard, guestGuard, signedInGuard } from '@esy/ui-auth';

export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [guestGuard],
    loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.SignInPageComponent),
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
    path: 'no-access',
    title: 'No access',
    canActivate: [signedInGuard],
    loadComponent: () => import('./pages/no-access.page'),
  },
  {
    path: '',
    canActivate: [adminGuard],
    loadComponent: () => import('./shell/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', title: 'Dashboard', loadComponent: () => import('./pages/dashboard/dashboard.page') },
      { path: 'runs', title: 'Runs', loadComponent: () => import('./pages/runs/runs.page') },
      { path: 'runs/:id', title: 'Run', loadComponent: () => import('./pages/runs/run-detail.page') },
      { path: 'templates', title: 'Templates', loadComponent: () => import('./pages/templates/templates.page') },
      { path: 'templates/new', title: 'New template', loadComponent: () => import('./pages/templates/template-editor.page') },
      { path: 'templates/:id', title: 'Edit template', loadComponent: () => import('./pages/templates/template-editor.page') },
      { path: 'agents', title: 'Agents', loadComponent: () => import('./pages/agents.page') },
      { path: 'models', title: 'Models & providers', loadComponent: () => import('./pages/models.page') },
      { path: 'health', title: 'System health', loadComponent: () => import('./pages/health.page') },
      { path: 'experiments', title: 'Experiments', loadComponent: () => import('./pages/experiments/experiments.page') },
      { path: 'experiments/:id', title: 'Experiment', loadComponent: () => import('./pages/experiments/experiment-detail.page') },
      { path: 'routing', title: 'Routing', loadComponent: () => import('./pages/routing/routing.page') },
      { path: 'settings', title: 'Settings', loadComponent: () => import('./pages/settings.page') },
      { path: 'users', title: 'Users', loadComponent: () => import('./pages/users.page') },
      { path: 'usage', title: 'Usage', loadComponent: () => import('./pages/usage/usage.page') },
      { path: 'usage/:id', title: 'User usage', loadComponent: () => import('./pages/usage/user-usage.page') },
      { path: 'audit', title: 'Audit log', loadComponent: () => import('./pages/audit.page') },
      { path: 'webhooks', title: 'Webhooks', loadComponent: () => import('./pages/webhooks.page') },
      { path: 'account/sessions', title: 'Sessions', loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.SessionsPageComponent) },
      { path: '**', title: 'Page not found', loadComponent: () => import('./pages/not-found.page') },
    ],
  },
];
