import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { usd } from '../data/format';

interface Candidate {
  modelId: string;
  tier: string;
  samples: number;
  meanPassRate: number;
  lowerBound: number;
  upperBound: number;
  expectedCostUsd: number;
  sampledPassRate?: number;
  shiftSince?: string;
  verdict: 'chosen' | 'beaten' | 'under_floor' | 'too_slow';
}

interface AgentRoutingView {
  agentSlug?: string;
  role?: string;
  modelId?: string;
  rule?: string;
  note?: string;
  auto?: { kind: string; targetPassRate: number; reason: string; candidates: Candidate[] };
}

const VERDICTS: Record<Candidate['verdict'], string> = { chosen: 'chosen', beaten: 'beaten on cost', under_floor: 'under the floor', too_slow: 'too slow' };

/** Why each agent of an attempt got its model: the router's rule and note, and for `auto` stages the evidence table. */
@Component({
  selector: 'adm-routing-record',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (agents().length === 0) {
      <p class="muted">No routing recorded for this attempt.</p>
    }
    @for (agent of agents(); track $index) {
      <section class="agent" data-testid="routing-record" [attr.data-rule]="agent.rule">
        <h3>
          <span class="adm-mono">{{ agent.agentSlug }}</span>@if (agent.role) { <small>· {{ agent.role }}</small> } →
          <span class="adm-mono">{{ agent.modelId }}</span>
          <span class="rule">{{ agent.auto ? 'auto · ' + agent.auto.kind.replace('_', ' ') : agent.rule }}</span>
        </h3>
        <p data-testid="routing-reason">{{ agent.auto?.reason ?? agent.note }}</p>
        @if (agent.auto; as auto) {
          <table class="adm-table" data-testid="routing-candidates">
            <caption>Candidates, cheapest expected cost of passing first; floor: lower bound ≥ {{ pct(auto.targetPassRate) }}</caption>
            <thead>
              <tr><th>Model</th><th class="num">Trials</th><th class="num">Pass rate</th><th class="num">Lower bound</th><th class="num">Expected cost</th><th>Verdict</th></tr>
            </thead>
            <tbody>
              @for (c of auto.candidates; track c.modelId) {
                <tr [attr.data-verdict]="c.verdict" [class.chosen]="c.verdict === 'chosen'">
                  <td class="adm-mono">{{ c.modelId }} <small>· {{ c.tier }}</small></td>
                  <td class="num">{{ c.samples }}</td>
                  <td class="num">{{ c.samples ? pct(c.meanPassRate) : '—' }}@if (c.sampledPassRate !== undefined) { <small>(draw {{ pct(c.sampledPassRate) }})</small> }</td>
                  <td class="num">{{ c.samples ? pct(c.lowerBound) : '—' }}</td>
                  <td class="num">{{ money(c.expectedCostUsd) }}</td>
                  <td>
                    {{ verdict(c.verdict) }}
                    @if (c.shiftSince) {
                      <small class="shift" data-testid="routing-shift">· judged since it changed, {{ c.shiftSince | date: 'MMM d, HH:mm' }}</small>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      </section>
    }
  `,
  styles: `
    .agent + .agent {
      margin-top: 1rem;
    }
    h3 {
      font-size: 0.95rem;
      margin: 0 0 0.25rem;
    }
    .rule {
      margin-left: 0.5rem;
      font-weight: 400;
      color: var(--mat-sys-on-surface-variant);
    }
    caption {
      text-align: left;
      color: var(--mat-sys-on-surface-variant);
      padding-bottom: 0.25rem;
    }
    tr.chosen td {
      font-weight: 600;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class RoutingRecordComponent {
  readonly routing = input<unknown>(null);
  protected readonly agents = computed<AgentRoutingView[]>(() => (Array.isArray(this.routing()) ? (this.routing() as AgentRoutingView[]) : []));

  protected pct(value: number): string {
    return `${(value * 100).toFixed(1)} %`;
  }

  protected money(value: number): string {
    return value < 0.01 ? `$${value.toFixed(4)}` : usd(value, 3);
  }

  protected verdict(value: Candidate['verdict']): string {
    return VERDICTS[value] ?? value;
  }
}
