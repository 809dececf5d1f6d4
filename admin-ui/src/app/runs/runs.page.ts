import { SelectionModel } from '@angular/cdk/collections';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  adminRunsBulkCancel,
  adminRunsBulkRerunFailed,
  adminRunsList,
  adminUsersList,
  Api,
  toApiProblem,
  workflowsList,
  type AdminRun,
  type AdminRunsList$Params,
  type BulkRunsResponse,
} from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, PageHeaderComponent, saveFile, StatusBadgeComponent } from '@esy/ui-kit';
import { debounceTime, firstValueFrom, forkJoin, type Observable } from 'rxjs';
import { dateTime, usd } from '../data/format';
import { reloadOnEvents } from '../data/live-reload';
import { ActionDialogComponent, type ActionDialogData, type ActionDialogResult } from './action-dialog.component';
import { runsToCsv } from './runs-csv';
import { loader } from '@esy/api-client';

const STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
type RunStatus = (typeof STATUSES)[number];

/** Run inspector: filters, search, paginated live table, CSV export and bulk actions. */
/** The filter form's value. */
interface RunFilters {
  search: string;
  status: '' | RunStatus;
  template: string;
  user: string;
  from: Date | null;
  to: Date | null;
}

@Component({
  selector: 'adm-runs-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [provideNativeDateAdapter()],
  imports: [
    ReactiveFormsModule,
    RouterLink,
    PageHeaderComponent,
    EmptyStateComponent,
    ErrorStateComponent,
    StatusBadgeComponent,
    MatFormField,
    MatLabel,
    MatPrefix,
    MatSuffix,
    MatInput,
    MatSelect,
    MatOption,
    MatIcon,
    MatButton,
    MatCheckbox,
    MatPaginator,
    MatDatepickerModule,
  ],
  template: `
    <div class="esy-page">
      <esy-page-header title="Runs" lead="Every run on the platform. Filter, open one to inspect its gates, act in bulk.">
        <button mat-stroked-button type="button" (click)="exportCsv()" [disabled]="total() === 0"><mat-icon aria-hidden="true">download</mat-icon>Export CSV</button>
      </esy-page-header>
      <form class="filters" [formGroup]="filters" role="search" (submit)="$event.preventDefault()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
          <mat-label>Search by run, project or user</mat-label>
          <mat-icon matPrefix aria-hidden="true">search</mat-icon>
          <input matInput formControlName="search" type="search" autocomplete="off" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Status</mat-label>
          <mat-select formControlName="status">
            <mat-option value="">Any status</mat-option>
            @for (status of statuses; track status) {
              <mat-option [value]="status">{{ status }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Template</mat-label>
          <mat-select formControlName="template">
            <mat-option value="">Any template</mat-option>
            @for (t of templates(); track t.slug) {
              <mat-option [value]="t.slug">{{ t.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>User</mat-label>
          <mat-select formControlName="user">
            <mat-option value="">Anyone</mat-option>
            @for (u of users(); track u.id) {
              <mat-option [value]="u.id">{{ u.email }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dates">
          <mat-label>Created between</mat-label>
          <mat-date-range-input [rangePicker]="picker">
            <input matStartDate formControlName="from" placeholder="From" />
            <input matEndDate formControlName="to" placeholder="To" />
          </mat-date-range-input>
          <mat-datepicker-toggle matSuffix [for]="picker" />
          <mat-date-range-picker #picker />
        </mat-form-field>
      </form>

      <div class="bulk" [class.on]="selection.hasValue()">
        <span>{{ selectedCount() }} selected</span>
        <button mat-stroked-button type="button" [disabled]="cancellable().length === 0" (click)="bulkCancel()" data-testid="bulk-cancel">
          <mat-icon>cancel</mat-icon>Cancel {{ cancellable().length }} unfinished
        </button>
        <button mat-stroked-button type="button" [disabled]="rerunnable().length === 0" (click)="bulkRerun()" data-testid="bulk-rerun">
          <mat-icon>replay</mat-icon>Rerun failed gates of {{ rerunnable().length }} paused
        </button>
      </div>

      @if (error(); as message) {
        <esy-error-state [message]="message" (retry)="load()" />
      } @else {
        <table class="adm-table runs" aria-label="Runs" data-testid="runs-table">
          <thead>
            <tr>
              <th class="check">
                <mat-checkbox [checked]="allSelected()" [indeterminate]="selection.hasValue() && !allSelected()" (change)="toggleAll()" aria-label="Select all runs on this page" />
              </th>
              <th>Run</th>
              <th>Template</th>
              <th>User</th>
              <th>Status</th>
              <th>Current gate</th>
              <th class="num">Gates</th>
              <th class="num">Cost</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            @for (run of runs(); track run.id) {
              <tr [attr.data-run]="run.id" [attr.data-status]="run.status">
                <td class="check">
                  <mat-checkbox [checked]="selection.isSelected(run.id)" (change)="toggle(run.id)" [aria-label]="'Select ' + run.display_name" />
                </td>
                <td>
                  <a [routerLink]="['/runs', run.id]" class="name">{{ run.display_name }}</a>
                  @if (run.draft) {
                    <span class="draft-tag" data-testid="draft-tag">Draft test</span>
                  }
                  <div class="adm-mono sub">{{ run.id.slice(0, 8) }} · {{ run.project_slug }}</div>
                </td>
                <td>{{ run.template.name }}</td>
                <td>{{ run.user.display_name ?? run.user.email }}<div class="sub">{{ run.user.email }}</div></td>
                <td><esy-status-badge [status]="run.status" /></td>
                <td class="adm-mono">{{ run.current_gate ?? '—' }}</td>
                <td class="num">{{ run.passed_gates }}/{{ run.total_gates }}@if (run.failed_gates) { <span class="bad">· {{ run.failed_gates }} failed</span> }</td>
                <td class="num">{{ fmtUsd(run.real_cost_usd) }}@if (+run.simulated_cost_usd > 0) { <small class="sim-cost">+{{ fmtUsd(run.simulated_cost_usd) }} sim.</small> }</td>
                <td>{{ fmtDate(run.created_at) }}</td>
              </tr>
            }
          </tbody>
        </table>
        @if (loaded() && runs().length === 0) {
          <esy-empty-state icon="manage_search" title="No runs match" message="Runs appear here the moment they are started, and update live." />
        }
        <mat-paginator [length]="total()" [pageIndex]="pageIndex()" [pageSize]="pageSize()" [pageSizeOptions]="[25, 50, 100]" (page)="onPage($event)" aria-label="Pages of runs" />
      }
    </div>
  `,
  styles: `
    .sim-cost {
      display: block;
      color: var(--mat-sys-on-surface-variant);
      font-weight: 400;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin-bottom: 0.75rem;
    }
    .search {
      flex: 1 1 18rem;
    }
    .dates {
      width: 16rem;
    }
    mat-option {
      text-transform: capitalize;
    }
    .bulk {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 0.4rem 0.75rem;
      margin-bottom: 0.5rem;
      border-radius: var(--mat-sys-corner-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .bulk.on {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .check {
      width: 2.5rem;
    }
    .draft-tag {
      margin-left: 0.4rem;
      padding: 0 0.4rem;
      border-radius: 999px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .name {
      font-weight: 550;
      color: var(--mat-sys-primary);
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .bad {
      color: var(--mat-sys-error);
    }
    .runs td {
      vertical-align: middle;
    }
  `,
})
export default class RunsPage {
  private readonly api = inject(Api);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly statuses = STATUSES;
  private readonly query = this.route.snapshot.queryParamMap;
  protected readonly filters = new FormGroup({
    search: new FormControl(this.query.get('search') ?? '', { nonNullable: true }),
    status: new FormControl<'' | RunStatus>((this.query.get('status') as RunStatus) ?? '', { nonNullable: true }),
    template: new FormControl(this.query.get('template') ?? '', { nonNullable: true }),
    user: new FormControl(this.query.get('user') ?? '', { nonNullable: true }),
    from: new FormControl<Date | null>(null),
    to: new FormControl<Date | null>(null),
  });
  /** The filters as last applied (debounced); the list follows them, the page and the page size. */
  private readonly applied = signal<RunFilters>(this.filters.getRawValue());
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);
  /** The page of runs; it stays on screen while the next page or filter loads, and live events reload it. */
  protected readonly list = loader({
    params: () => this.params(this.applied(), this.pageSize(), this.pageIndex() * this.pageSize()),
    stream: (params) => this.api.invoke(adminRunsList, params),
    keepWhileLoading: true,
  });
  protected readonly runs = computed(() => this.list.data()?.runs ?? []);
  protected readonly total = computed(() => this.list.data()?.total ?? 0);
  protected readonly loaded = computed(() => this.list.data() !== undefined);
  protected readonly error = computed(() => this.list.problem()?.message ?? null);
  protected readonly selection = new SelectionModel<string>(true);
  private readonly selectionChanged = toSignal(this.selection.changed, { initialValue: null });
  protected readonly selectedCount = computed(() => (this.selectionChanged(), this.selection.selected.length));
  protected readonly allSelected = computed(() => {
    this.selectionChanged();
    const rows = this.runs();
    return rows.length > 0 && rows.every((run) => this.selection.isSelected(run.id));
  });
  /** Status of every run seen while paging, so a selection spanning pages still knows what each run allows. */
  private readonly statusById = signal(new Map<string, string>());
  private selectedWith(statuses: readonly string[]): string[] {
    this.selectionChanged();
    const known = this.statusById();
    return this.selection.selected.filter((id) => statuses.includes(known.get(id) ?? ''));
  }
  /** Bulk actions apply only to the selected runs they make sense for: unfinished ones, or paused ones. */
  protected readonly cancellable = computed(() => this.selectedWith(['pending', 'running', 'paused']));
  protected readonly rerunnable = computed(() => this.selectedWith(['paused']));
  /** Filter choices; without them the filters still work by typing. */
  private readonly choices = loader({
    stream: () => forkJoin({ templates: this.api.invoke(workflowsList, {}), users: this.api.invoke(adminUsersList, { limit: 200 }) }),
  });
  protected readonly templates = computed<{ slug: string; name: string }[]>(() => this.choices.data()?.templates.workflows ?? []);
  protected readonly users = computed<{ id: string; email: string }[]>(() => this.choices.data()?.users.users ?? []);

  protected fmtUsd = usd;
  protected fmtDate = dateTime;

  constructor() {
    this.filters.valueChanges.pipe(debounceTime(250), takeUntilDestroyed()).subscribe(() => {
      this.pageIndex.set(0);
      this.syncUrl();
      this.applied.set(this.filters.getRawValue());
    });
    // Every run seen while paging keeps its status, for bulk actions on a selection that spans pages.
    effect(() => {
      const runs = this.list.data()?.runs ?? [];
      untracked(() => this.statusById.update((known) => new Map([...known, ...runs.map((run) => [run.id, run.status] as const)])));
    });
    reloadOnEvents(() => this.load(), undefined, 600);
  }

  private params(f: RunFilters, limit: number, offset: number): AdminRunsList$Params {
    const endOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).toISOString();
    return {
      limit,
      offset,
      ...(f.search.trim() ? { search: f.search.trim() } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.template ? { template_slug: f.template } : {}),
      ...(f.user ? { user_id: f.user } : {}),
      ...(f.from ? { date_from: f.from.toISOString() } : {}),
      ...(f.to ? { date_to: endOfDay(f.to) } : {}),
    };
  }

  protected load(): void {
    this.list.reload();
  }

  private syncUrl(): void {
    const f = this.filters.getRawValue();
    void this.router.navigate([], {
      queryParams: { search: f.search || null, status: f.status || null, template: f.template || null, user: f.user || null },
      replaceUrl: true,
    });
  }

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
  }

  protected toggle(id: string): void {
    this.selection.toggle(id);
  }

  protected toggleAll(): void {
    if (this.allSelected()) this.selection.clear();
    else this.selection.select(...this.runs().map((run) => run.id));
  }

  /** Every run matching the filters (not only this page), fetched in pages of 200 (the API's maximum). */
  protected async exportCsv(): Promise<void> {
    const all: AdminRun[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await firstValueFrom(this.api.invoke(adminRunsList, this.params(this.filters.getRawValue(), 200, offset)));
      all.push(...page.runs);
      if (page.runs.length < 200 || all.length >= page.total) break;
    }
    saveFile(runsToCsv(all), `runs-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv');
  }

  protected bulkCancel(): Promise<void> {
    const ids = this.cancellable();
    return this.bulk(
      { title: `Cancel ${ids.length} run(s)`, message: 'These runs stop now. Finished runs in the selection are left alone.', confirm: 'Cancel runs', reason: 'optional', danger: true },
      (reason) => this.api.invoke(adminRunsBulkCancel, { body: { run_ids: ids, ...(reason ? { reason } : {}) } }),
    );
  }

  protected bulkRerun(): Promise<void> {
    const ids = this.rerunnable();
    return this.bulk(
      { title: `Rerun failed gates of ${ids.length} run(s)`, message: 'Each of these paused runs gets one new attempt of the gate it stopped on.', confirm: 'Rerun failed', reason: 'optional' },
      (reason) => this.api.invoke(adminRunsBulkRerunFailed, { body: { run_ids: ids, ...(reason ? { reason } : {}) } }),
    );
  }

  private async bulk(data: ActionDialogData, call: (reason: string) => Observable<BulkRunsResponse>): Promise<void> {
    const result = await firstValueFrom(this.dialog.open<ActionDialogComponent, ActionDialogData, ActionDialogResult>(ActionDialogComponent, { data, width: '32rem' }).afterClosed());
    if (!result) return;
    try {
      const response = await firstValueFrom(call(result.reason));
      const skipped = response.results.filter((r) => !r.ok).map((r) => `${r.run_id.slice(0, 8)}: ${r.message ?? r.code}`);
      this.snack.open(`${response.succeeded} done, ${response.failed} not changed${skipped.length ? ` (${skipped.slice(0, 3).join('; ')})` : ''}`, 'OK', { duration: 8000 });
      this.selection.clear();
      this.load();
    } catch (error) {
      this.snack.open(toApiProblem(error).message, 'Dismiss', { duration: 8000 });
    }
  }
}
