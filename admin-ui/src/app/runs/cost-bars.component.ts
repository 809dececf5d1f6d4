import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { tokens, usd } from '../data/format';

export interface CostRow {
  label: string;
  sublabel?: string;
  costUsd: string;
  tokensIn: number;
  tokensOut: number;
  attempts: number;
}

/** Cost rows as horizontal bars scaled to the most expensive row, with the exact figures beside them. */
@Component({
  selector: 'adm-cost-bars',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="adm-table">
      <thead>
        <tr><th>{{ heading() }}</th><th class="bar-col"></th><th class="num">Cost</th><th class="num">Tokens in / out</th><th class="num">Attempts</th></tr>
      </thead>
      <tbody>
        @for (row of scaled(); track row.label) {
          <tr>
            <td>
              <span class="adm-mono">{{ row.label }}</span>
              @if (row.sublabel) {
                <span class="sub">{{ row.sublabel }}</span>
              }
            </td>
            <td class="bar-col"><div class="adm-bar" [style.--w]="row.width + '%'"><span></span></div></td>
            <td class="num">{{ fmtUsd(row.costUsd) }}</td>
            <td class="num">{{ fmtTokens(row.tokensIn) }} / {{ fmtTokens(row.tokensOut) }}</td>
            <td class="num">{{ row.attempts }}</td>
          </tr>
        } @empty {
          <tr><td colspan="5">Nothing spent yet.</td></tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .bar-col {
      width: 40%;
      vertical-align: middle !important;
    }
    .sub {
      margin-left: 0.4rem;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class CostBarsComponent {
  readonly heading = input('Gate');
  readonly rows = input.required<CostRow[]>();
  protected readonly scaled = computed(() => {
    const max = Math.max(0, ...this.rows().map((row) => Number(row.costUsd) || 0));
    return this.rows().map((row) => ({ ...row, width: max > 0 ? Math.max(1, Math.round(((Number(row.costUsd) || 0) / max) * 100)) : 0 }));
  });
  protected fmtUsd = usd;
  protected fmtTokens = tokens;
}
