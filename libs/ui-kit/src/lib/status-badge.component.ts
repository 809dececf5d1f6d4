import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

interface StatusLook {
  tone: StatusTone;
  icon: string;
  label: string;
}

/** Run and gate statuses of the API, in words a person reads at a glance. */
export const STATUS_LOOKS: Readonly<Record<string, StatusLook>> = {
  pending: { tone: 'neutral', icon: 'schedule', label: 'Queued' },
  queued: { tone: 'neutral', icon: 'schedule', label: 'Queued' },
  running: { tone: 'info', icon: 'progress_activity', label: 'Running' },
  paused: { tone: 'warning', icon: 'pause_circle', label: 'Paused' },
  completed: { tone: 'success', icon: 'check_circle', label: 'Completed' },
  passed: { tone: 'success', icon: 'check_circle', label: 'Passed' },
  warning: { tone: 'warning', icon: 'warning', label: 'Passed with warnings' },
  failed: { tone: 'danger', icon: 'error', label: 'Failed' },
  cancelled: { tone: 'neutral', icon: 'cancel', label: 'Cancelled' },
  skipped: { tone: 'neutral', icon: 'redo', label: 'Skipped' },
  approved: { tone: 'success', icon: 'verified', label: 'Approved' },
  active: { tone: 'success', icon: 'check_circle', label: 'Active' },
  archived: { tone: 'neutral', icon: 'inventory_2', label: 'Archived' },
};

export function statusLook(status: string): StatusLook {
  const known = STATUS_LOOKS[status.toLowerCase()];
  if (known) return known;
  const words = status.replace(/[_-]+/g, ' ').trim();
  return { tone: 'neutral', icon: 'circle', label: words.charAt(0).toUpperCase() + words.slice(1) };
}

/** A small pill with icon and words: colour is never the only signal. */
@Component({
  selector: 'esy-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  host: { class: 'esy-status-badge', '[attr.data-tone]': 'look().tone' },
  template: `<mat-icon aria-hidden="true" [class.spin]="status() === 'running'">{{ look().icon }}</mat-icon
    ><span>{{ label() ?? look().label }}</span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      padding: 0.15rem 0.6rem 0.15rem 0.4rem;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: var(--esy-tone-bg);
      color: var(--esy-tone-fg);
    }
    mat-icon {
      width: 1rem;
      height: 1rem;
      font-size: 1rem;
    }
    .spin {
      animation: esy-spin 1.2s linear infinite;
    }
    @media (prefers-reduced-motion: reduce) {
      .spin {
        animation: none;
      }
    }
    @keyframes esy-spin {
      to {
        transform: rotate(360deg);
      }
    }
    :host([data-tone='neutral']) {
      --esy-tone-bg: var(--mat-sys-surface-container-highest);
      --esy-tone-fg: var(--mat-sys-on-surface-variant);
    }
    :host([data-tone='info']) {
      --esy-tone-bg: var(--esy-info-container);
      --esy-tone-fg: var(--esy-on-info-container);
    }
    :host([data-tone='success']) {
      --esy-tone-bg: var(--esy-success-container);
      --esy-tone-fg: var(--esy-on-success-container);
    }
    :host([data-tone='warning']) {
      --esy-tone-bg: var(--esy-warning-container);
      --esy-tone-fg: var(--esy-on-warning-container);
    }
    :host([data-tone='danger']) {
      --esy-tone-bg: var(--mat-sys-error-container);
      --esy-tone-fg: var(--mat-sys-on-error-container);
    }
  `,
})
export class StatusBadgeComponent {
  readonly status = input.required<string>();
  /** Overrides the default words for the status (e.g. "Needs attention" for a paused run in the user app). */
  readonly label = input<string>();
  protected readonly look = computed(() => statusLook(this.status()));
}
