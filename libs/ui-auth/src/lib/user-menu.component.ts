import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatDivider } from '@angular/material/divider';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { AuthService } from './auth.service';

export interface UserMenuLink {
  label: string;
  icon: string;
  link: string;
}

/** Avatar button in the toolbar: who is signed in, a few account links, and sign out. */
@Component({
  selector: 'esy-user-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatMenu, MatMenuItem, MatMenuTrigger, MatIcon, MatDivider, MatTooltip, RouterLink],
  template: `
    <button
      type="button"
      class="avatar"
      [matMenuTriggerFor]="menu"
      [matTooltip]="auth.displayName()"
      [attr.aria-label]="'Account menu for ' + auth.displayName()"
    >
      {{ initials() }}
    </button>
    <mat-menu #menu="matMenu" xPosition="before">
      <div class="who" role="presentation">
        <strong>{{ auth.displayName() }}</strong>
        @if (auth.user()?.display_name) {
          <span>{{ auth.user()?.email }}</span>
        }
        @if (auth.isAdmin()) {
          <span class="role">Administrator</span>
        }
      </div>
      <mat-divider />
      @for (item of links(); track item.link) {
        <a mat-menu-item [routerLink]="item.link"><mat-icon aria-hidden="true">{{ item.icon }}</mat-icon>{{ item.label }}</a>
      }
      <button mat-menu-item type="button" (click)="auth.signOut()">
        <mat-icon aria-hidden="true">logout</mat-icon>Sign out
      </button>
    </mat-menu>
  `,
  styles: `
    .avatar {
      display: grid;
      place-items: center;
      width: 2.25rem;
      height: 2.25rem;
      margin: 0 0.25rem;
      padding: 0;
      border: 0;
      border-radius: 50%;
      cursor: pointer;
      font: var(--mat-sys-label-large);
      font-weight: 700;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .who {
      display: grid;
      gap: 0.15rem;
      padding: 0.75rem 1rem;
      max-width: 16rem;
      font: var(--mat-sys-body-medium);
      overflow-wrap: anywhere;
    }
    .who span {
      color: var(--mat-sys-on-surface-variant);
    }
    .who .role {
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      letter-spacing: 0.06em;
      color: var(--mat-sys-primary);
    }
  `,
})
export class UserMenuComponent {
  protected readonly auth = inject(AuthService);
  readonly links = input<readonly UserMenuLink[]>([]);

  protected readonly initials = computed(() => {
    const name = this.auth.displayName();
    const words = name.includes('@') ? [name] : name.split(/\s+/).filter(Boolean);
    const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] ?? '?').slice(0, 1);
    return letters.toUpperCase();
  });
}
