import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { debounceTime, firstValueFrom } from 'rxjs';
import { AdminApi, type AdminTemplate } from '../data/admin-api';
import { dateTime } from '../data/format';
import { ActionDialogComponent, type ActionDialogData, type ActionDialogResult } from '../runs/action-dialog.component';

/** Templates: every workflow users can run, with its live version; edit, duplicate, archive or restore. */
@Component({
  selector: 'adm-templates-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButton,
    MatIconButton,
    MatCheckbox,
    MatFormField,
    MatLabel,
    MatPrefix,
    MatInput,
    MatIcon,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    PageHeaderComponent,
    EmptyStateComponent,
    ErrorStateComponent,
    LoadingStateComponent,
    StatusBadgeComponent,
  ],
  template: `
    <div class="esy-page">
      <esy-page-header title="Templates" lead="The workflows users can run. Each published version is immutable; runs keep the version they started with.">
        <a mat-flat-button routerLink="/templates/new"><mat-icon aria-hidden="true">add</mat-icon>New template</a>
      </esy-page-header>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
          <mat-label>Search templates</mat-label>
          <mat-icon matPrefix aria-hidden="true">search</mat-icon>
          <input matInput type="search" [formControl]="search" />
        </mat-form-field>
        <mat-checkbox [formControl]="archived">Show archived</mat-checkbox>
      </div>
      @if (list.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="list.reload()" />
      } @else if (list.data()) {
        <table class="adm-table" data-testid="templates-table">
          <thead>
            <tr><th>Template</th><th>Type</th><th>Status</th><th>Live version</th><th class="num">Versions</th><th class="num">Runs</th><th>Updated</th><th></th></tr>
          </thead>
          <tbody>
            @for (t of templates(); track t.id) {
              <tr [attr.data-template]="t.slug">
                <td>
                  <a [routerLink]="['/templates', t.id]" class="name">{{ t.name }}</a>
                  <div class="sub adm-mono">{{ t.slug }}</div>
                </td>
                <td>{{ t.type }} · {{ t.depth }}</td>
                <td><esy-status-badge [status]="t.archived_at ? 'archived' : t.active && t.active_spec_version ? 'active' : 'draft'" /></td>
                <td>{{ t.active_spec_version ? 'v' + t.active_spec_version : '—' }}</td>
                <td class="num">{{ t.spec_count }}</td>
                <td class="num">{{ t.run_count }}</td>
                <td>{{ fmtDate(t.updated_at) }}</td>
                <td class="actions">
                  <button mat-icon-button type="button" [matMenuTriggerFor]="menu" [attr.aria-label]="'Actions for ' + t.name"><mat-icon>more_vert</mat-icon></button>
                  <mat-menu #menu="matMenu">
                    <a mat-menu-item [routerLink]="['/templates', t.id]"><mat-icon>edit</mat-icon>Edit</a>
                    <button mat-menu-item type="button" (click)="duplicate(t)"><mat-icon>content_copy</mat-icon>Duplicate</button>
                    @if (t.archived_at) {
                      <button mat-menu-item type="button" (click)="restore(t)"><mat-icon>unarchive</mat-icon>Restore</button>
                    } @else {
                      <button mat-menu-item type="button" (click)="archive(t)"><mat-icon>archive</mat-icon>Archive</button>
                    }
                  </mat-menu>
                </td>
              </tr>
            }
          </tbody>
        </table>
        @if (templates().length === 0) {
          <esy-empty-state icon="account_tree" title="No templates" message="Create one, or restore an archived one." />
        }
      } @else {
        <esy-loading-state shape="rows" [count]="4" label="Loading templates" />
      }
    </div>
  `,
  styles: `
    .filters {
      display: flex;
      align-items: center;
      gap: 1rem;
      margin-bottom: 1rem;
    }
    .search {
      flex: 0 1 24rem;
    }
    .name {
      font-weight: 550;
      color: var(--mat-sys-primary);
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
    }
    .actions {
      width: 3rem;
    }
    td {
      vertical-align: middle !important;
    }
  `,
})
export default class TemplatesPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly router = inject(Router);
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly archived = new FormControl(false, { nonNullable: true });
  private readonly searchText = toSignal(this.search.valueChanges.pipe(debounceTime(250)), { initialValue: '' });
  private readonly showArchived = toSignal(this.archived.valueChanges, { initialValue: false });
  /** Follows the search and the archived switch; the table stays on screen while a new query loads. */
  protected readonly list = loader({
    params: () => ({ search: this.searchText().trim() || undefined, include_archived: this.showArchived() }),
    stream: (query) => this.api.templates(query),
    keepWhileLoading: true,
  });
  protected readonly templates = computed(() => this.list.data()?.templates ?? []);
  protected readonly fmtDate = dateTime;

  private load(): void {
    this.list.reload();
  }

  protected async duplicate(t: AdminTemplate): Promise<void> {
    const slug = `${t.slug}-copy`;
    try {
      const copy = await firstValueFrom(this.api.duplicateTemplate(t.id, slug, `${t.name} (copy)`));
      this.snack.open(`Duplicated as ${copy.slug}`, undefined, { duration: 3000 });
      await this.router.navigate(['/templates', copy.id]);
    } catch (error) {
      this.snack.open(toApiProblem(error).message, 'Dismiss', { duration: 8000 });
    }
  }

  protected async archive(t: AdminTemplate): Promise<void> {
    const data: ActionDialogData = { title: `Archive ${t.name}`, message: 'Users stop seeing it; its versions and runs are kept, and you can restore it later.', confirm: 'Archive', danger: true };
    const ok = await firstValueFrom(this.dialog.open<ActionDialogComponent, ActionDialogData, ActionDialogResult>(ActionDialogComponent, { data, width: '30rem' }).afterClosed());
    if (!ok) return;
    this.api.archiveTemplate(t.id).subscribe({ next: () => this.load(), error: (e) => this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 8000 }) });
  }

  protected restore(t: AdminTemplate): void {
    this.api.restoreTemplate(t.id).subscribe({ next: () => this.load(), error: (e) => this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 8000 }) });
  }
}
