import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import type { AdminRun } from '@esy/api-client';
import { readChecks } from './packets';
import type { TimelineNode } from './timeline';

/** What a fail code usually means, and what tends to fix it: the operator's first read on a paused run. */
const ADVICE: Record<string, string> = {
  MISSING_ARTIFACT: 'A required output file was never written. Check the raw output: did the agent call write_file with the right path?',
  VALIDATION_FAILED: 'Files exist but a contract check failed. Read the failed checks below; a stronger model often fixes content problems.',
  HEADING_MISMATCH: 'A required heading is missing from a file. The prompt lists the headings; a rerun on another model usually follows them.',
  TIMEOUT: 'The attempt ran out of time. Rerun, or raise the gate timeout in the template.',
  MODEL_ERROR: 'The provider answered with an error. Check the provider status on the Models page, then rerun or rerun on another provider.',
  BUDGET_EXCEEDED: 'The run reached its cost budget. Resume with a higher budget, or cancel.',
  MAX_ROUNDS: 'The agent used every tool round without finishing. Rerun on a stronger model or raise the round limit.',
  CONTRACT_ERROR: 'The gate contract itself could not be evaluated: fix the contract file, then rerun.',
};

@Component({
  selector: 'adm-failure-analysis',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon],
  template: `
    <section class="panel" data-testid="failure-analysis" aria-labelledby="fa-title">
      <h2 id="fa-title"><mat-icon aria-hidden="true">troubleshoot</mat-icon> Why this run is paused</h2>
      <p class="why">{{ run().pause_reason ?? 'The run is waiting for an operator.' }}</p>
      @if (gate(); as g) {
        <p>
          <strong>{{ g.gateId }} · {{ g.name }}</strong> failed {{ g.attempts }} of {{ g.maxAttempts }} attempts{{ g.model ? ' (last on ' + g.model + ')' : '' }}.
        </p>
        @if (failedChecks().length) {
          <ul class="checks">
            @for (check of failedChecks(); track $index) {
              <li><code>{{ check.type }}</code> on <span class="adm-mono">{{ check.target }}</span>: {{ check.detail }}</li>
            }
          </ul>
        }
        @for (code of g.failCodes; track code) {
          <p class="advice"><strong>{{ code }}</strong> — {{ advice(code) }}</p>
        }
        <div class="buttons">
          <button mat-flat-button type="button" (click)="inspect.emit(g.gateId)"><mat-icon>search</mat-icon>Inspect {{ g.gateId }}</button>
        </div>
      }
    </section>
  `,
  styles: `
    .panel {
      padding: 1rem 1.25rem;
      border-radius: var(--mat-sys-corner-large);
      background: var(--esy-warning-container);
      color: var(--esy-on-warning-container);
      margin-bottom: 1rem;
    }
    h2 {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      margin: 0 0 0.5rem;
      font: var(--mat-sys-title-medium);
    }
    .why {
      font-weight: 550;
    }
    .checks {
      margin: 0.25rem 0 0.5rem;
      padding-left: 1.25rem;
    }
    .advice {
      margin: 0.25rem 0;
    }
    .buttons {
      margin-top: 0.75rem;
    }
  `,
})
export class FailureAnalysisComponent {
  readonly run = input.required<AdminRun>();
  readonly nodes = input.required<TimelineNode[]>();
  readonly inspect = output<string>();

  protected readonly gate = computed(() => this.nodes().find((node) => node.status === 'failed') ?? null);
  protected readonly failedChecks = computed(() => {
    const latest = this.gate()?.history.at(-1);
    return readChecks(latest?.validation_results)
      .rows.filter((row) => !row.passed && !row.skipped && row.severity === 'error')
      .slice(0, 6);
  });

  protected advice(code: string): string {
    return ADVICE[code] ?? 'See the failed checks and the raw output of the last attempt.';
  }
}
