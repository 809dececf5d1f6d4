import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { adminUsersEndSessions, adminUsersList, adminUsersResetPassword, adminUsersUpdate, Api, loader, toApiProblem, type User, type UserRole } from '@esy/api-client';
import { AuthService } from '@esy/ui-auth';
import { ErrorStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { debounceTime, filter, firstValueFrom, map } from 'rxjs';
import { MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { ActionDialogComponent, type ActionDialogData } from '../runs/action-dialog.component';
import { TemporaryPasswordDialogComponent } from './temporary-password-dialog.component';
import { dateTime } from '../data/format';
import { RouterLink } from '@angular/router';

/** Users: who has an account, their role, and whether they can sign in. */
@Component({
  selector: 'adm-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatIconButton, MatMenu, MatMenuItem, MatMenuTrigger, MatFormField, MatLabel, MatPrefix, MatInput, MatIcon, MatPaginator, MatSelect, MatOption, MatSlideToggle, PageHeaderComponent, ErrorStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Users" lead="Accounts, roles and access. A disabled account cannot sign in or use its API keys." />
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
        <mat-label>Search by email or name</mat-label>
        <mat-icon matPrefix aria-hidden="true">search</mat-icon>
        <input matInput type="search" [formControl]="search" />
      </mat-form-field>
      @if (!list.hasValue() && list.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="list.reload()" />
      } @else {
        <table class="adm-table" data-testid="users-table">
          <thead>
            <tr><th>User</th><th>Role</th><th>Can sign in</th><th>Last sign-in</th><th>Joined</th><th><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            @for (u of users(); track u.id) {
              <tr [attr.data-user]="u.email">
                <td>
                  <a [routerLink]="['/usage', u.id]" data-testid="user-usage-link">{{ u.display_name ?? u.email }}<span class="visually-hidden"> (usage)</span></a>
                  @if (u.display_name) {
                    <div class="sub">{{ u.email }}</div>
                  }
                </td>
                <td>
                  <mat-select [value]="u.role" (selectionChange)="update(u, { role: $event.value })" [disabled]="u.id === me()" [attr.aria-label]="'Role of ' + u.email" class="role">
                    <mat-option value="user">User</mat-option>
                    <mat-option value="admin">Admin</mat-option>
                  </mat-select>
                </td>
                <td><mat-slide-toggle [checked]="!u.disabled" [disabled]="u.id === me()" (change)="update(u, { disabled: !$event.checked })" [aria-label]="'Can sign in: ' + u.email" /></td>
                <td>{{ fmtDate(u.last_login_at) }}</td>
                <td>{{ fmtDate(u.created_at) }}</td>
                <td class="actions">
                  <button mat-icon-button type="button" [matMenuTriggerFor]="userMenu" [attr.aria-label]="'More actions for ' + u.email">
                    <mat-icon aria-hidden="true">more_vert</mat-icon>
                  </button>
                  <mat-menu #userMenu="matMenu" xPosition="before">
                    <a mat-menu-item [routerLink]="['/usage', u.id]">
                      <mat-icon aria-hidden="true">query_stats</mat-icon>Usage
                    </a>
                    <button mat-menu-item type="button" (click)="resetPassword(u)" [disabled]="u.id === me()">
                      <mat-icon aria-hidden="true">lock_reset</mat-icon>Reset password…
                    </button>
                    <button mat-menu-item type="button" (click)="endSessions(u)">
                      <mat-icon aria-hidden="true">logout</mat-icon>Sign out everywhere…
                    </button>
                  </mat-menu>
                </td>
              </tr>
            }
          </tbody>
        </table>
        <mat-paginator [length]="total()" [pageIndex]="page()" [pageSize]="50" [hidePageSize]="true" (page)="onPage($event)" aria-label="Pages of users" />
      }
    </div>
  `,
  styles: `
    .search {
      width: 24rem;
      margin-bottom: 1rem;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .role {
      width: 7rem;
    }
    td {
      vertical-align: middle !important;
    }
    .actions {
      width: 3rem;
      text-align: right;
    }
  `,
})
export default class UsersPage {
  private readonly api = inject(Api);
  private readonly snack = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  protected readonly me: () => string | undefined;
  protected readonly search = new FormControl('', { nonNullable: true });
  private readonly searchText = toSignal(this.search.valueChanges.pipe(debounceTime(250), map((text) => text.trim())), { initialValue: '' });
  /** The page shown; a new search starts again from the first. */
  protected readonly page = linkedSignal({ source: this.searchText, computation: () => 0 });
  protected readonly list = loader({
    params: () => ({ page: this.page(), search: this.searchText() }),
    stream: ({ page, search }) => this.api.invoke(adminUsersList, { limit: 50, offset: page * 50, ...(search ? { search } : {}) }),
    keepWhileLoading: true,
  });
  /** The listed users, updated in place when a role or access changes. */
  protected readonly users = linkedSignal<User[]>(() => this.list.data()?.users ?? []);
  protected readonly total = computed(() => this.list.data()?.total ?? 0);
  protected fmtDate = dateTime;

  constructor() {
    const auth = inject(AuthService);
    this.me = () => auth.user()?.id;
  }

  protected onPage(event: PageEvent): void {
    this.page.set(event.pageIndex);
  }

  protected update(user: User, body: { role?: UserRole; disabled?: boolean }): void {
    this.api.invoke(adminUsersUpdate, { id: user.id, body }).subscribe({
      next: (updated) => {
        this.users.update((all) => all.map((u) => (u.id === updated.id ? updated : u)));
        this.snack.open(`${updated.email} updated`, undefined, { duration: 2000 });
      },
      error: (e) => {
        this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 6000 });
        this.list.reload();
      },
    });
  }

  private confirm(data: ActionDialogData): Promise<unknown> {
    return firstValueFrom(this.dialog.open(ActionDialogComponent, { data, width: '30rem' }).afterClosed().pipe(filter(Boolean)), {
      defaultValue: undefined,
    });
  }

  protected async resetPassword(user: User): Promise<void> {
    const confirmed = await this.confirm({
      title: `Reset the password of ${user.email}?`,
      message: 'They are signed out everywhere and get a temporary password that only lets them choose a new one.',
      confirm: 'Reset password',
      danger: true,
    });
    if (!confirmed) return;
    try {
      const { temporary_password } = await firstValueFrom(this.api.invoke(adminUsersResetPassword, { id: user.id }));
      this.dialog.open(TemporaryPasswordDialogComponent, { data: { email: user.email, password: temporary_password }, width: '30rem' });
    } catch (error) {
      this.snack.open(toApiProblem(error).message, 'Dismiss', { duration: 6000 });
    }
  }

  protected async endSessions(user: User): Promise<void> {
    const confirmed = await this.confirm({
      title: `Sign ${user.email} out everywhere?`,
      message: 'Every browser session of this user ends now; their API keys keep working.',
      confirm: 'Sign out everywhere',
      danger: true,
    });
    if (!confirmed) return;
    try {
      await firstValueFrom(this.api.invoke(adminUsersEndSessions, { id: user.id }));
      this.snack.open(`${user.email} was signed out everywhere`, undefined, { duration: 3000 });
    } catch (error) {
      this.snack.open(toApiProblem(error).message, 'Dismiss', { duration: 6000 });
    }
  }
}
