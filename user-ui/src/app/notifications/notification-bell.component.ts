import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatBadge } from '@angular/material/badge';
import { MatIconButton } from '@angular/material/button';
import { MatDivider } from '@angular/material/divider';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { notificationText, type RunNotification } from './notification-list';
import { NotificationsService } from './notifications.service';

/** The bell in the top bar: unread count, and the list of what happened to the user's runs, each linking to it. */
@Component({
  selector: 'esy-notification-bell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconButton, MatIcon, MatBadge, MatMenu, MatMenuItem, MatMenuTrigger, MatDivider, MatTooltip, RouterLink],
  template: `
    <button
      mat-icon-button
      type="button"
      data-testid="notification-bell"
      [matMenuTriggerFor]="menu"
      [attr.aria-label]="label()"
      [matTooltip]="label()"
      [matBadge]="badge()"
      [matBadgeHidden]="unread() === 0"
      matBadgeColor="warn"
    >
      <mat-icon aria-hidden="true">{{ unread() ? 'notifications_active' : 'notifications' }}</mat-icon>
    </button>
    <mat-menu #menu="matMenu" xPosition="before" class="esy-notifications-menu">
      <div class="head">
        <span class="heading">Notifications</span>
        @if (unread()) {
          <!-- Stops the click there: the menu would otherwise close on it. -->
          <button type="button" class="mark-all" (click)="$event.stopPropagation(); service.markAllRead()">Mark all as read</button>
        }
      </div>
      <mat-divider />
      @for (view of views(); track view.item.id) {
        <a
          mat-menu-item
          class="item"
          [class.unread]="!view.item.read"
          [routerLink]="['/activity', view.item.runId]"
          [attr.data-kind]="view.item.kind"
          [attr.data-run]="view.item.runId"
          data-testid="notification"
          (click)="service.markRead(view.item.id)"
        >
          <mat-icon aria-hidden="true" [attr.data-kind]="view.item.kind">{{ view.icon }}</mat-icon>
          <span class="text">
            <span class="title">{{ view.title }}</span>
            <span class="when">{{ view.when }}@if (!view.item.read) { · <span class="new">new</span> }</span>
          </span>
        </a>
      } @empty {
        <p class="empty" data-testid="notifications-empty">Nothing yet. You will be told here when a run pauses, finishes or fails.</p>
      }
    </mat-menu>
  `,
  styles: `
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.25rem 1rem;
      padding: 0.5rem 1rem;
      min-width: min(20rem, calc(100vw - 3rem));
    }
    .heading {
      font: var(--mat-sys-title-small);
    }
    .mark-all {
      border: 0;
      background: none;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-label-large);
      cursor: pointer;
      padding: 0.25rem;
      border-radius: 4px;
    }
    .mark-all:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
    }
    .item {
      height: auto !important;
      min-height: 3.5rem;
      white-space: normal;
      max-width: min(25rem, calc(100vw - 1.5rem));
    }
    .text {
      display: flex;
      flex-direction: column;
      padding: 0.4rem 0;
    }
    .title {
      font: var(--mat-sys-body-medium);
    }
    .unread .title {
      font-weight: 600;
    }
    .when {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .new {
      color: var(--mat-sys-primary);
      font-weight: 600;
    }
    mat-icon[data-kind='run_completed'] {
      color: var(--esy-success, var(--mat-sys-primary));
    }
    mat-icon[data-kind='run_failed'] {
      color: var(--mat-sys-error);
    }
    .empty {
      margin: 0;
      padding: 1rem;
      max-width: 20rem;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
  `,
})
export class NotificationBellComponent {
  protected readonly service = inject(NotificationsService);
  protected readonly unread = this.service.unread;
  protected readonly badge = computed(() => (this.unread() > 9 ? '9+' : String(this.unread())));
  protected readonly label = computed(() => (this.unread() ? `Notifications, ${this.unread()} unread` : 'Notifications'));
  protected readonly views = computed(() =>
    this.service.items().map((item: RunNotification) => ({ item, ...notificationText(item), when: whenText(item.at) })),
  );
}

function whenText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
