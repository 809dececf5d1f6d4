import { ChangeDetectionStrategy, Component } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

const STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
type RunStatusFilter = '' | (typeof STATUSES)[number];

/** Run inspector: filters, search, paginated live table, CSV export and bulk actions (wired next). */
@Component({
  selector: 'adm-runs-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    PageHeaderComponent,
    EmptyStateComponent,
    MatFormField,
    MatLabel,
    MatPrefix,
    MatInput,
    MatSelect,
    MatOption,
    MatIcon,
    MatButton,
  ],
  template: `
    <div class="esy-page">
      <esy-page-header title="Runs" lead="Every run on the platform. Filter, open one to inspect its gates, act in bulk.">
        <button mat-stroked-button type="button" disabled><mat-icon aria-hidden="true">download</mat-icon>Export CSV</button>
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
          <input matInput formControlName="template" autocomplete="off" />
        </mat-form-field>
      </form>
      <div class="table" role="table" aria-label="Runs">
        <div class="row head" role="row">
          <span role="columnheader">Run</span>
          <span role="columnheader">Template</span>
          <span role="columnheader">User</span>
          <span role="columnheader">Status</span>
          <span role="columnheader">Current gate</span>
          <span role="columnheader">Cost</span>
          <span role="columnheader">Started</span>
        </div>
      </div>
      <esy-empty-state icon="manage_search" title="No runs yet" message="Runs appear here the moment they are started, and update live." />
    </div>
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin-bottom: 1rem;
    }
    .search {
      flex: 1 1 20rem;
    }
    .table {
      margin-bottom: 1rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .row {
      display: grid;
      grid-template-columns: 1.2fr 1.5fr 1.5fr 1fr 1.2fr 0.8fr 1fr;
      gap: 1rem;
      padding: 0.6rem 1rem;
    }
    .head {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    mat-option {
      text-transform: capitalize;
    }
  `,
})
export default class RunsPage {
  protected readonly statuses = STATUSES;
  protected readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    status: new FormControl<RunStatusFilter>('', { nonNullable: true }),
    template: new FormControl('', { nonNullable: true }),
  });
}
