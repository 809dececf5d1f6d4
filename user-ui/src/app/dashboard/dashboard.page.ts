import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { AuthService } from '@esy/ui-auth';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent } from '@esy/ui-kit';
import { forkJoin } from 'rxjs';
import { RunsData } from '../data/runs.data';
import { WorkflowsData } from '../data/workflows.data';
import { WorkflowCardComponent } from '../workflows/workflow-card.component';
import { typeIcon, typeLabel } from '../workflows/workflow-words';

/** Home: greeting, the featured workflow, quick numbers and the latest artifacts. */
@Component({
  selector: 'esy-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButton, MatIcon, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, WorkflowCardComponent],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export default class DashboardPage {
  private readonly auth = inject(AuthService);
  private readonly runs = inject(RunsData);
  private readonly workflows = inject(WorkflowsData);

  protected readonly firstName = computed(() => {
    const user = this.auth.user();
    return user?.display_name?.trim().split(/\s+/)[0] ?? '';
  });
  protected readonly greeting = computed(() => {
    const hour = new Date().getHours();
    return hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
  });

  protected readonly stats = loader({
    stream: () => forkJoin({ all: this.runs.count(), completed: this.runs.count('completed'), running: this.runs.count('running') }),
  });
  protected readonly featured = loader({ stream: () => this.workflows.list() });
  protected readonly featuredWorkflow = computed(() => {
    const list = this.featured.data() ?? [];
    return list.find((workflow) => workflow.featured) ?? list[0] ?? null;
  });
  protected readonly recent = loader({ stream: () => this.runs.list({ status: 'completed', limit: 4 }) });
  protected readonly recentProblem = computed(() => (this.recent.error() ? toApiProblem(this.recent.error()).message : ''));
  protected readonly typeIcon = typeIcon;
  protected readonly typeLabel = typeLabel;
}
