import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ProgressStep } from './run-progress';

/** A compact bar of segments, one per step, coloured by state (the list below says the same in words). */
@Component({
  selector: 'esy-step-track',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'aria-hidden': 'true' },
  template: `
    @for (step of steps(); track step.gateId) {
      <span class="segment" [attr.data-status]="step.status"></span>
    }
  `,
  styles: `
    :host {
      display: flex;
      gap: 3px;
      height: 0.6rem;
    }
    .segment {
      flex: 1;
      border-radius: 999px;
      background: var(--mat-sys-surface-container-highest);
      transition: background-color 0.3s;
    }
    [data-status='passed'],
    [data-status='warning'],
    [data-status='skipped'] {
      background: var(--esy-success);
    }
    [data-status='running'],
    [data-status='retrying'] {
      background: var(--mat-sys-primary);
      animation: esy-pulse 1.2s ease-in-out infinite;
    }
    [data-status='failed'] {
      background: var(--mat-sys-error);
    }
    @keyframes esy-pulse {
      50% {
        opacity: 0.45;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .segment {
        animation: none !important;
      }
    }
  `,
})
export class StepTrackComponent {
  readonly steps = input.required<readonly ProgressStep[]>();
}
