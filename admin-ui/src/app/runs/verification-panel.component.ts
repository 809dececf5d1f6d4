import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import type { RunVerification } from '@esy/api-client';

/** The integrity sweep as stored with the run (see orchestration/core/engine/integrity-sweep.ts). */
interface Sweep {
  checked_at: string;
  outcome: 'intact' | 'regressed';
  gates: Array<{ gate_id: string; attempt_number: number; checks: number; still_passing: number }>;
  regressions: Array<{ gate_id: string; gate_name: string; check: string; file: string; detail: string; last_changed_by: { gate_id: string; attempt_number: number } | null }>;
}

const OUTCOME = {
  verified: { icon: 'verified', title: 'Verified', text: 'Every gate passed on its own.' },
  verified_with_overrides: { icon: 'gavel', title: 'Verified with overrides', text: 'An operator approved or skipped some gates:' },
  not_verified: { icon: 'pending', title: 'Not verified', text: 'The run has not completed.' },
} as const;

/** Whether the run is verified, each operator override (by name), and what the final integrity sweep found. */
@Component({
  selector: 'adm-verification-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  template: `
    @let v = verification();
    <section class="adm-panel panel" data-testid="verification" [attr.data-outcome]="v.outcome" aria-label="Verification">
      <div class="line">
        <mat-icon aria-hidden="true">{{ look().icon }}</mat-icon>
        <strong>{{ look().title }}</strong>
        <span>{{ look().text }}</span>
      </div>
      @if (v.overrides.length) {
        <ul>
          @for (o of v.overrides; track o.gate_id) {
            <li [attr.data-override]="o.gate_id">
              {{ o.gate_id }} {{ o.gate_name }} — {{ o.action === 'approved_by_operator' ? 'approved' : 'skipped' }} by {{ o.decided_by }}@if (o.reason) {: “{{ o.reason }}”}
            </li>
          }
        </ul>
      }
      @if (sweep(); as s) {
        <div class="line" data-testid="integrity-sweep" [attr.data-outcome]="s.outcome">
          <mat-icon aria-hidden="true">{{ s.outcome === 'intact' ? 'fact_check' : 'report' }}</mat-icon>
          <strong>Final integrity sweep</strong>
          <span>
            @if (s.outcome === 'intact') {
              {{ s.gates.length }} passed gates re-checked against the final workspace: every check still holds.
            } @else {
              {{ s.regressions.length }} check{{ s.regressions.length === 1 ? '' : 's' }} that passed at {{ s.regressions.length === 1 ? 'its gate' : 'their gates' }} fail now (REGRESSED_AFTER_PASS):
            }
          </span>
        </div>
        @if (s.regressions.length) {
          <ul>
            @for (r of s.regressions; track $index) {
              <li data-testid="regression">
                {{ r.gate_id }} {{ r.check }} on <span class="adm-mono">{{ r.file }}</span> — {{ r.detail }}@if (r.last_changed_by) {; last changed by {{ r.last_changed_by.gate_id }} attempt {{ r.last_changed_by.attempt_number }}}
              </li>
            }
          </ul>
        }
      }
    </section>
  `,
  styles: `
    .panel {
      display: grid;
      gap: 0.35rem;
      margin: 0.75rem 0;
    }
    .line {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    ul {
      margin: 0;
      padding-left: 2rem;
    }
    [data-outcome='verified_with_overrides'] > .line:first-child mat-icon,
    [data-outcome='regressed'] mat-icon {
      color: var(--esy-warning);
    }
    [data-outcome='verified'] > .line:first-child mat-icon,
    [data-outcome='intact'] mat-icon {
      color: var(--esy-success);
    }
  `,
})
export class VerificationPanelComponent {
  readonly verification = input.required<RunVerification>();
  readonly integritySweep = input<unknown>(null);
  protected readonly look = computed(() => OUTCOME[this.verification().outcome]);
  protected readonly sweep = computed(() => (this.integritySweep() as Sweep | null) ?? null);
}
