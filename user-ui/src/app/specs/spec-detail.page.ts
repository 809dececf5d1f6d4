import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { WorkflowsData } from '../data/workflows.data';
import { formatDuration, stepTitle } from '../runs/plain-words';
import { groupByPhase } from '../workflows/phase-outline';

/** One spec, read-only and in plain words: stages, quality checks, guarantees and what it costs to run. */
@Component({
  selector: 'esy-spec-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButton, MatIcon, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent],
  templateUrl: './spec-detail.page.html',
  styleUrl: './spec-detail.page.scss',
})
export default class SpecDetailPage {
  private readonly data = inject(WorkflowsData);
  readonly id = input.required<string>();

  protected readonly spec = loader({ params: () => this.id(), stream: (params) => this.data.spec(params) });
  protected readonly loadProblem = computed(() => (this.spec.error() ? toApiProblem(this.spec.error()) : null));
  protected readonly phases = computed(() => groupByPhase(this.spec.data()?.steps ?? []));
  protected readonly totalEstimate = computed(() => {
    const seconds = (this.spec.data()?.steps ?? []).reduce((sum, step) => sum + (step.estimateS ?? 0), 0);
    return seconds > 0 ? formatDuration(seconds * 1000) : null;
  });
  protected readonly stepTitle = stepTitle;

  protected money(value: string | null): string {
    if (value === null) return '—';
    const n = Number(value);
    return Number.isFinite(n) ? `$${n.toFixed(n < 1 ? 3 : 2)}` : value;
  }
}
