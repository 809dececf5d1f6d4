import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { formatDuration, stepTitle } from './plain-words';
import type { GateDecision } from '../data/view-models';
import type { ProgressStep, StepStatus } from './run-progress';

const LOOK: Record<StepStatus, { icon: string; words: string }> = {
  pending: { icon: 'radio_button_unchecked', words: 'Not started' },
  running: { icon: 'progress_activity', words: 'In progress' },
  retrying: { icon: 'autorenew', words: 'Taking another pass' },
  passed: { icon: 'check_circle', words: 'Done' },
  warning: { icon: 'check_circle', words: 'Done' },
  skipped: { icon: 'remove_circle_outline', words: 'Not needed for this brief' },
  failed: { icon: 'error', words: 'Stopped here' },
};

/** Steps decided by a person or a rule never look like steps that passed on their own. */
const DECIDED: Partial<Record<GateDecision, { icon: string; words: string }>> = {
  approved_by_operator: { icon: 'how_to_reg', words: 'Approved by an operator (did not pass its checks)' },
  skipped_by_operator: { icon: 'block', words: 'Skipped by an operator' },
  skipped_by_condition: { icon: 'remove_circle_outline', words: 'Not needed for this brief' },
};

/** The run's steps top to bottom: ✓ done, ● working, ○ to come — icon and words, never colour alone. */
@Component({
  selector: 'esy-step-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  template: `
    <ol class="steps">
      @for (step of steps(); track step.gateId; let i = $index) {
        <li [attr.data-step]="step.gateId" [attr.data-status]="step.status" [attr.data-decision]="decisions().get(step.gateId) ?? null" [attr.aria-current]="step.status === 'running' || step.status === 'retrying' ? 'step' : null">
          <mat-icon class="mark" aria-hidden="true">{{ look(step).icon }}</mat-icon>
          <div class="text">
            <span class="title">{{ i + 1 }}. {{ title(step) }}</span>
            <span class="state">
              {{ look(step).words }}
              @if (step.status === 'retrying' || ((step.status === 'running' || step.status === 'failed') && step.attempt > 1)) {
                · try {{ step.attempt }} of {{ step.maxAttempts }}
              }
              @if (step.durationMs !== null && (step.status === 'passed' || step.status === 'warning')) {
                · {{ duration(step.durationMs) }}
              }
            </span>
          </div>
        </li>
      }
    </ol>
  `,
  styles: `
    .steps {
      display: grid;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      position: relative;
      display: flex;
      gap: 0.85rem;
      padding: 0.45rem 0;
    }
    /* The line joining one step to the next. */
    li:not(:last-child)::after {
      content: '';
      position: absolute;
      left: 0.72rem;
      top: 2.05rem;
      bottom: -0.45rem;
      width: 2px;
      background: var(--mat-sys-outline-variant);
    }
    li[data-status='passed']::after,
    li[data-status='warning']::after,
    li[data-status='skipped']::after {
      background: var(--esy-success);
    }
    .mark {
      flex: none;
      color: var(--mat-sys-outline);
    }
    [data-status='passed'] .mark,
    [data-status='warning'] .mark {
      color: var(--esy-success);
    }
    [data-decision='approved_by_operator'] .mark,
    [data-decision='skipped_by_operator'] .mark {
      color: var(--esy-warning);
    }
    [data-status='running'] .mark,
    [data-status='retrying'] .mark {
      color: var(--mat-sys-primary);
      animation: esy-spin 1.2s linear infinite;
    }
    [data-status='failed'] .mark {
      color: var(--mat-sys-error);
    }
    .text {
      display: grid;
      min-width: 0;
    }
    .title {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface);
    }
    [data-status='pending'] .title {
      color: var(--mat-sys-on-surface-variant);
      font-weight: 400;
    }
    [data-status='running'] .title,
    [data-status='retrying'] .title {
      color: var(--mat-sys-primary);
    }
    .state {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    @keyframes esy-spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .mark {
        animation: none !important;
      }
    }
  `,
})
export class StepListComponent {
  readonly steps = input.required<readonly ProgressStep[]>();
  /** How finished steps were decided (from the run record), when known. */
  readonly decisions = input<ReadonlyMap<string, GateDecision>>(new Map());
  protected look(step: ProgressStep) {
    const decided = step.status === 'passed' || step.status === 'warning' || step.status === 'skipped' ? DECIDED[this.decisions().get(step.gateId) ?? 'passed'] : undefined;
    return decided ?? LOOK[step.status];
  }
  protected title(step: ProgressStep): string {
    return stepTitle(step.name);
  }
  protected duration(ms: number): string {
    return formatDuration(ms);
  }
}
