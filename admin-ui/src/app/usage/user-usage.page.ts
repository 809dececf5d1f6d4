import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatIcon } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { adminUsageForUser, Api, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { dateTime, tokens, usd } from '../data/format';
import { periodWindow, runBreakdown, spendBars, USAGE_PERIODS, usagePeriod, type UsagePeriod } from './usage-view';

/** One user's usage: daily runs and spend, per workflow, and their recent runs; simulated work apart. */
@Component({
  selector: 'adm-user-usage-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatButtonToggleGroup, MatButtonToggle, MatIcon, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, StatusBadgeComponent],
  templateUrl: './user-usage.page.html',
  styleUrls: ['./usage.scss', './user-usage.page.scss'],
})
export default class UserUsagePage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  readonly id = input.required<string>();
  readonly days = input<string>();

  protected readonly periods = USAGE_PERIODS;
  protected readonly period = computed<UsagePeriod>(() => usagePeriod(this.days()));
  protected readonly usage = rxResource({
    params: () => ({ id: this.id(), ...periodWindow(this.period()) }),
    stream: ({ params }) => this.api.invoke(adminUsageForUser, params),
  });
  protected readonly error = computed(() => (this.usage.error() ? toApiProblem(this.usage.error()).message : null));
  protected readonly bars = computed(() => (this.usage.hasValue() ? spendBars(this.usage.value().days, (v) => usd(v)) : []));
  protected readonly activeDays = computed(() => (this.usage.hasValue() ? this.usage.value().days.filter((d) => d.runs > 0).reverse() : []));

  protected money = (value: string) => usd(value);
  protected count = tokens;
  protected when = dateTime;
  protected breakdown = runBreakdown;

  protected setPeriod(days: UsagePeriod): void {
    void this.router.navigate([], { queryParams: { days }, queryParamsHandling: 'merge', replaceUrl: true });
  }
}
