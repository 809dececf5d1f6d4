import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatIcon } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { adminUsageList, Api, toApiProblem, type UsageList, type UserUsage } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { dateTime, tokens, usd } from '../data/format';
import { periodWindow, runBreakdown, USAGE_PERIODS, usagePeriod, type UsagePeriod } from './usage-view';

type UsageSort = 'real_cost' | 'runs' | 'last_run';
const PAGE = 50;

/** Every user's runs and real spend over a period, with simulated work shown apart (never added to spend). */
@Component({
  selector: 'adm-usage-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatButtonToggleGroup, MatButtonToggle, MatIcon, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent],
  templateUrl: './usage.page.html',
  styleUrl: './usage.scss',
})
export default class UsagePage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  /** `?days=` and `?sort=` from the address, so a view can be shared. */
  readonly days = input<string>();
  readonly sort = input<string>();

  protected readonly periods = USAGE_PERIODS;
  protected readonly period = computed<UsagePeriod>(() => usagePeriod(this.days()));
  protected readonly order = computed<UsageSort>(() => (['real_cost', 'runs', 'last_run'].includes(this.sort() ?? '') ? (this.sort() as UsageSort) : 'real_cost'));

  protected readonly first = rxResource({
    params: () => ({ ...periodWindow(this.period()), sort: this.order() }),
    stream: ({ params }) => this.api.invoke(adminUsageList, { ...params, limit: PAGE }),
  });
  /** Pages after the first ("Show more"), reset whenever the period or the order changes. */
  private readonly more = linkedSignal<UsageList | null, { users: UserUsage[]; cursor: string | null }>({
    source: () => (this.first.hasValue() ? this.first.value() : null),
    computation: (page) => ({ users: [], cursor: page?.next_cursor ?? null }),
  });
  protected readonly loadingMore = signal(false);
  protected readonly moreError = signal<string | null>(null);

  protected readonly users = computed(() => (this.first.hasValue() ? [...this.first.value().users, ...this.more().users] : []));
  protected readonly hasMore = computed(() => this.more().cursor !== null);
  protected readonly error = computed(() => (this.first.error() ? toApiProblem(this.first.error()).message : null));

  protected money = (value: string) => usd(value);
  protected count = tokens;
  protected when = dateTime;
  protected breakdown = runBreakdown;

  protected name(row: UserUsage): string {
    return row.user.display_name ?? row.user.email;
  }

  protected setPeriod(days: UsagePeriod): void {
    void this.router.navigate([], { queryParams: { days }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected setSort(sort: UsageSort): void {
    void this.router.navigate([], { queryParams: { sort: sort === 'real_cost' ? null : sort }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected ariaSort(sort: UsageSort): 'descending' | null {
    return this.order() === sort ? 'descending' : null;
  }

  protected showMore(): void {
    const cursor = this.more().cursor;
    if (!cursor) return;
    this.loadingMore.set(true);
    this.api.invoke(adminUsageList, { ...periodWindow(this.period()), sort: this.order(), limit: PAGE, cursor }).subscribe({
      next: (page) => {
        this.loadingMore.set(false);
        this.moreError.set(null);
        this.more.update((m) => ({ users: [...m.users, ...page.users], cursor: page.next_cursor }));
      },
      error: (e) => {
        this.loadingMore.set(false);
        this.moreError.set(toApiProblem(e).message);
      },
    });
  }
}
