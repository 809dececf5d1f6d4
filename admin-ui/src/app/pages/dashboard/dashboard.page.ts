import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { EmptyStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';

interface Kpi {
  label: string;
  icon: string;
  value: string;
  detail: string;
  tone: 'primary' | 'success' | 'danger' | 'neutral';
}

/** Operations at a glance: active runs, today's outcomes, spend, gate pass rates, model usage. */
@Component({
  selector: 'adm-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, PageHeaderComponent, EmptyStateComponent, LoadingStateComponent],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export default class DashboardPage {
  protected readonly kpis: readonly Kpi[] = [
    { label: 'Active runs', icon: 'play_circle', value: '0', detail: 'running or paused now', tone: 'primary' },
    { label: 'Completed today', icon: 'task_alt', value: '0', detail: 'since midnight', tone: 'success' },
    { label: 'Failed today', icon: 'error', value: '0', detail: 'need a look', tone: 'danger' },
    { label: 'Cost today', icon: 'payments', value: '$0.00', detail: 'week $0.00 · month $0.00', tone: 'neutral' },
  ];
}
