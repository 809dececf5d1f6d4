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
    loadComponent: () => import('./shell/no-access.page'),
  },
  {
    path: '',
    canActivate: [adminGuard],
    loadComponent: () => import('./shell/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', title: 'Dashboard', loadComponent: () => import('./dashboard/dashboard.page') },
      { path: 'runs', title: 'Runs', loadComponent: () => import('./runs/runs.page') },
      { path: 'runs/:id', title: 'Run', loadComponent: () => import('./runs/run-detail.page') },
      { path: 'templates', title: 'Templates', loadComponent: () => import('./templates/templates.page') },
      { path: 'templates/new', title: 'New template', loadComponent: () => import('./templates/template-editor.page') },
      { path: 'templates/:id', title: 'Edit template', loadComponent: () => import('./templates/template-editor.page') },
      { path: 'agents', title: 'Agents', loadComponent: () => import('./agents/agents.page') },
      { path: 'models', title: 'Models & providers', loadComponent: () => import('./models/models.page') },
      { path: 'health', title: 'System health', loadComponent: () => import('./health/health.page') },
      { path: 'experiments', title: 'Experiments', loadComponent: () => import('./experiments/experiments.page') },
      { path: 'experiments/:id', title: 'Experiment', loadComponent: () => import('./experiments/experiment-detail.page') },
      { path: 'routing', title: 'Routing', loadComponent: () => import('./routing/routing.page') },
      { path: 'settings', title: 'Settings', loadComponent: () => import('./settings/settings.page') },
      { path: 'users', title: 'Users', loadComponent: () => import('./users/users.page') },
      { path: 'usage', title: 'Usage', loadComponent: () => import('./usage/usage.page') },
      { path: 'usage/:id', title: 'User usage', loadComponent: () => import('./usage/user-usage.page') },
      { path: 'audit', title: 'Audit log', loadComponent: () => import('./audit/audit.page') },
      { path: 'webhooks', title: 'Webhooks', loadComponent: () => import('./webhooks/webhooks.page') },
      { path: 'account/sessions', title: 'Sessions', loadComponent: () => import('@esy/ui-auth/pages').then((m) => m.SessionsPageComponent) },
      { path: '**', title: 'Page not found', loadComponent: () => import('./shell/not-found.page') },
    ],
  },
];
