import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { readChecks } from './packets';

/** Every contract check of one attempt; failed errors first, each with the validator's own words. */
@Component({
  selector: 'adm-validation-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  template: `
    @if (checks().error; as error) {
      <p class="error" role="alert">Validation could not run: {{ error }}</p>
    }
    @if (checks().rows.length === 0 && !checks().error) {
      <p class="muted">No checks recorded for this attempt.</p>
    } @else if (checks().rows.length) {
      <table class="adm-table" data-testid="validation-results">
        <thead>
          <tr><th>Result</th><th>Check</th><th>Target</th><th>Detail</th></tr>
        </thead>
        <tbody>
          @for (row of checks().rows; track $index) {
            <tr [attr.data-tone]="row.skipped ? 'neutral' : row.passed ? 'success' : row.severity === 'error' ? 'danger' : 'warning'" [attr.data-passed]="row.passed">
              <td class="result">
                <mat-icon aria-hidden="true">{{ row.skipped ? 'remove_circle_outline' : row.passed ? 'check_circle' : row.severity === 'error' ? 'cancel' : 'warning' }}</mat-icon>
                {{ row.skipped ? 'skipped' : row.passed ? 'passed' : row.severity === 'error' ? 'failed' : 'warning' }}
              </td>
              <td>
                <code>{{ row.type }}</code>
                @if (row.code) {
                  <span class="code">{{ row.code }}</span>
                }
                @if (row.description) {
                  <!-- The contract words what must hold; labelled so a failed row does not read like a pass. -->
                  <div class="muted"><span class="expect">Expected:</span> {{ row.description }}</div>
                }
              </td>
              <td class="adm-mono">{{ row.target }}</td>
              <td>{{ row.detail }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
  styles: `
    .expect {
      font-weight: 600;
    }
    .result {
      white-space: nowrap;
      color: var(--esy-tone-fg);
      font-weight: 550;
    }
    .result mat-icon {
      vertical-align: -0.3rem;
      font-size: 1.1rem;
      width: 1.1rem;
      height: 1.1rem;
    }
    .code {
      margin-left: 0.4rem;
      padding: 0 0.35rem;
      border-radius: 4px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ValidationTableComponent {
  readonly validation = input<Record<string, unknown> | null>(null);
  protected readonly checks = computed(() => readChecks(this.validation()));
}
