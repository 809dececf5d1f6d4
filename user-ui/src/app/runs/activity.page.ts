import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { RunsData, type RunQuery } from '../data/runs.data';
import { runStatusLabel } from './run-status-words';
import { typeIcon } from '../workflows/workflow-words';

const PAGE_SIZES = [10, 20, 50];
type StatusFilter = '' | NonNullable<RunQuery['status']>;
const FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'running', label: 'Running' },
  { value: 'completed', label: 'Ready' },
  { value: 'paused', label: 'Paused' },
  { value: 'failed', label: 'Stopped' },
];
const asFilter = (value: string | null): StatusFilter => FILTERS.find((filter) => filter.value === value)?.value ?? '';

/** Every run the user started, newest first, with status, progress and paging; the page lives in the URL. */
@Component({
  selector: 'esy-activity-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    RouterLink,
    MatButton,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatIcon,
    MatPaginator,
    PageHeaderComponent,
    EmptyStateComponent,
    ErrorStateComponent,
    LoadingStateComponent,
    StatusBadgeComponent,
  ],
  templateUrl: './activity.page.html',
  styleUrl: './activity.page.scss',
})
export default class ActivityPage {
  private readonly data = inject(RunsData);
  private readonly router = inject(Router);
  private readonly query = inject(ActivatedRoute).snapshot.queryParamMap;

  protected readonly statuses = FILTERS;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly status = signal<StatusFilter>(asFilter(this.query.get('status')));
  protected readonly pageIndex = signal(Math.max(0, Number(this.query.get('page') ?? 1) - 1) || 0);
  protected readonly pageSize = signal(PAGE_SIZES.includes(Number(this.query.get('size'))) ? Number(this.query.get('size')) : 10);

  protected readonly runs = loader({
    params: () => ({ status: this.status(), limit: this.pageSize(), offset: this.pageIndex() * this.pageSize() }),
    stream: (params) => this.data.list({ status: params.status || undefined, limit: params.limit, offset: params.offset }),
  });
  protected readonly problem = computed(() => (this.runs.error() ? toApiProblem(this.runs.error()).message : ''));
  protected readonly total = computed(() => this.runs.data()?.total ?? 0);
  protected readonly statusLabel = runStatusLabel;
  protected readonly typeIcon = typeIcon;

  protected setStatus(status: string): void {
    this.status.set(asFilter(status));
    this.pageIndex.set(0);
    this.syncUrl();
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
    this.syncUrl();
  }

  private syncUrl(): void {
    void this.router.navigate([], {
      queryParams: { status: this.status() || null, page: this.pageIndex() > 0 ? this.pageIndex() + 1 : null, size: this.pageSize() !== 10 ? this.pageSize() : null },
      replaceUrl: true,
    });
  }
}
