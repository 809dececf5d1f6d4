import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { adminAuditList, Api, toApiProblem, type AuditEvent, type AuditEventPage } from '@esy/api-client';
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
        <esy-error-state title="Could not load the audit log" [message]="message" (retry)="reload()" />
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
  protected readonly events = signal<AuditEvent[]>([]);
  protected readonly cursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly exporting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly when = dateTime;
  protected readonly change = describeChange;

  constructor() {
    this.filters.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.reload());
    this.reload();
  }

  private query(cursor: string | null, limit: number) {
    const action = this.filters.controls.action.value;
    return { limit, ...(action ? { action } : {}), ...(cursor ? { cursor } : {}) };
  }

  protected reload(): void {
    this.events.set([]);
    this.cursor.set(null);
    void this.fetch(null);
  }

  protected loadMore(): void {
    void this.fetch(this.cursor());
  }

  private async fetch(cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.invoke(adminAuditList, this.query(cursor, PAGE_SIZE)));
      this.events.update((shown) => [...shown, ...page.events]);
      this.cursor.set(page.next_cursor);
    } catch (error) {
      this.error.set(toApiProblem(error).message);
    } finally {
      this.loading.set(false);
    }
  }

  /** Everything matching the filter (not just the rows on screen), newest first. */
  protected async exportCsv(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const page: AuditEventPage = await firstValueFrom(this.api.invoke(adminAuditList, this.query(cursor, 500)));
        rows.push(...page.events);
        cursor = page.next_cursor;
      } while (cursor && rows.length < EXPORT_LIMIT);
      saveFile(toCsv(rows, AUDIT_CSV_COLUMNS), `esy-audit-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv');
    } catch (error) {
      this.error.set(toApiProblem(error).message);
    } finally {
      this.exporting.set(false);
    }
  }
}
