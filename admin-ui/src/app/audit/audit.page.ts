import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { adminAuditList, Api, type AuditEvent, type AuditEventPage, loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, PageHeaderComponent, saveFile } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';
import { AUDIT_ACTION_FILTERS, AUDIT_CSV_COLUMNS, describeChange } from './audit-format';
import { toCsv } from '../data/csv';
import { dateTime } from '../data/format';

const PAGE_SIZE = 50;
/** The export follows the cursor through at most this many events (the API's largest page, 20 times). */
const EXPORT_LIMIT = 10_000;

/** Who changed what: administrative changes and sign-in problems, newest first, with a CSV export. */
@Component({
  selector: 'adm-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatIcon, MatFormField, MatLabel, MatSelect, MatOption, MatProgressBar, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Audit log" lead="Every administrative change and sign-in problem: who, what, when and from where. Entries cannot be edited or deleted.">
        <button mat-stroked-button type="button" (click)="exportCsv()" [disabled]="exporting()">
          <mat-icon aria-hidden="true">download</mat-icon>{{ exporting() ? 'Exporting…' : 'Export CSV' }}
        </button>
      </esy-page-header>
      <form [formGroup]="filters" class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Show</mat-label>
          <mat-select formControlName="action">
            @for (choice of actionChoices; track choice.value) {
              <mat-option [value]="choice.value">{{ choice.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </form>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the audit log" />
      }
      @if (error(); as message) {
        <esy-error-state title="Could not load the audit log" [message]="message" (retry)="retry()" />
      } @else if (!loading() && events().length === 0) {
        <esy-empty-state icon="policy" title="Nothing recorded yet" message="Changes made in this console and failed sign-ins appear here." />
      } @else {
        <div class="scroll">
          <table class="adm-table" data-testid="audit-table">
            <thead>
              <tr><th>When</th><th>Who</th><th>What</th><th>Target</th><th>Change</th><th>From</th></tr>
            </thead>
            <tbody>
              @for (event of events(); track event.id) {
                <tr [attr.data-action]="event.action">
                  <td class="nowrap">{{ when(event.created_at) }}</td>
                  <td>{{ event.actor_email ?? 'anonymous' }}</td>
                  <td><code>{{ event.action }}</code></td>
                  <td>{{ event.target_label ?? event.target_id ?? '—' }}<div class="sub">{{ event.target_type }}</div></td>
                  <td class="change">{{ change(event) || '—' }}</td>
                  <td class="sub">{{ event.ip ?? '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (cursor()) {
          <button mat-button type="button" class="more" (click)="loadMore()" [disabled]="loading()">Show older entries</button>
        }
      }
    </div>
  `,
  styles: `
    .filters {
      display: flex;
      gap: 1rem;
      margin-bottom: 1rem;
    }
    .filters mat-form-field {
      width: 18rem;
    }
    .scroll {
      overflow-x: auto;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .nowrap {
      white-space: nowrap;
    }
    .change {
      max-width: 28rem;
      overflow-wrap: anywhere;
    }
    .more {
      margin-top: 0.75rem;
    }
  `,
})
export default class AuditPage {
  private readonly api = inject(Api);
  protected readonly actionChoices = AUDIT_ACTION_FILTERS;
  protected readonly filters = new FormGroup({ action: new FormControl('', { nonNullable: true }) });
  private readonly action = toSignal(this.filters.controls.action.valueChanges, { initialValue: this.filters.controls.action.value });
  /** The newest entries matching the filter. */
  private readonly newest = loader({
    params: () => ({ action: this.action() }),
    stream: ({ action }) => this.api.invoke(adminAuditList, this.query(action, null, PAGE_SIZE)),
  });
  /** Older pages fetched with "Show older entries"; they start over whenever the newest page changes. */
  private readonly older = linkedSignal<AuditEventPage | undefined, { events: AuditEvent[]; cursor: string | null }>({
    source: this.newest.data,
    computation: (page) => ({ events: [], cursor: page?.next_cursor ?? null }),
  });
  private readonly loadingOlder = signal(false);
  /** A failed read of older entries or of the export (the newest page has its own). */
  private readonly laterError = linkedSignal<string | null>(() => {
    this.action(); // a new filter starts without it
    return null;
  });
  protected readonly events = computed(() => [...(this.newest.data()?.events ?? []), ...this.older().events]);
  protected readonly cursor = computed(() => this.older().cursor);
  protected readonly loading = computed(() => this.newest.isLoading() || this.loadingOlder());
  protected readonly error = computed(() => this.newest.problem()?.message ?? this.laterError());
  protected readonly exporting = signal(false);
  protected readonly when = dateTime;
  protected readonly change = describeChange;

  private query(action: string, cursor: string | null, limit: number) {
    return { limit, ...(action ? { action } : {}), ...(cursor ? { cursor } : {}) };
  }

  protected retry(): void {
    this.laterError.set(null);
    this.newest.reload();
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.cursor();
    if (!cursor) return;
    this.loadingOlder.set(true);
    this.laterError.set(null);
    try {
      const page = await firstValueFrom(this.api.invoke(adminAuditList, this.query(this.action(), cursor, PAGE_SIZE)));
      this.older.update((shown) => ({ events: [...shown.events, ...page.events], cursor: page.next_cursor }));
    } catch (error) {
      this.laterError.set(toApiProblem(error).message);
    } finally {
      this.loadingOlder.set(false);
    }
  }

  /** Everything matching the filter (not just the rows on screen), newest first. */
  protected async exportCsv(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const page: AuditEventPage = await firstValueFrom(this.api.invoke(adminAuditList, this.query(this.action(), cursor, 500)));
        rows.push(...page.events);
        cursor = page.next_cursor;
      } while (cursor && rows.length < EXPORT_LIMIT);
      saveFile(toCsv(rows, AUDIT_CSV_COLUMNS), `esy-audit-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv');
    } catch (error) {
      this.laterError.set(toApiProblem(error).message);
    } finally {
      this.exporting.set(false);
    }
  }
}
