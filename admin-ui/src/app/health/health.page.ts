import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatTooltip } from '@angular/material/tooltip';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { forkJoin } from 'rxjs';
import { AdminApi } from '../data/admin-api';
import { usd } from '../data/format';
import { CostTrendChartComponent } from './cost-trend-chart.component';
import { buildMatrix, rateTone } from './reliability-matrix';
import { loader } from '@esy/api-client';

/** System health: which gates fail on which models, why gates fail, and what it costs day by day. */
@Component({
  selector: 'adm-health-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonToggleGroup, MatButtonToggle, MatSlideToggle, MatTooltip, PageHeaderComponent, ErrorStateComponent, LoadingStateComponent, CostTrendChartComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="System health" lead="Reliability by gate and model, the reasons gates fail, and spend over time.">
        <mat-button-toggle-group [ngModel]="days()" (ngModelChange)="setDays($event)" aria-label="Period" hideSingleSelectionIndicator>
          <mat-button-toggle [value]="7">7 days</mat-button-toggle>
          <mat-button-toggle [value]="30">30 days</mat-button-toggle>
          <mat-button-toggle [value]="90">90 days</mat-button-toggle>
        </mat-button-toggle-group>
        <mat-slide-toggle data-testid="include-simulated" [checked]="includeSimulated()" (change)="setIncludeSimulated($event.checked)">Include simulated</mat-slide-toggle>
      </esy-page-header>
      <p class="scope-note" data-testid="figures-scope">{{ scopeNote() }}</p>
      @if (health.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="health.reload()" />
      } @else if (health.data()) {
          <section class="adm-panel" aria-labelledby="matrix-title">
            <h2 id="matrix-title">Reliability: pass rate by gate × model</h2>
            @if (matrix().gates.length) {
              <div class="scroll">
                <table class="matrix" data-testid="reliability-matrix">
                  <thead>
                    <tr>
                      <th scope="col">Gate</th>
                      @for (model of matrix().models; track model) {
                        <th scope="col" class="adm-mono">{{ model }}</th>
                      }
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of matrix().gates; track row.key) {
                      @if (row.groupStart) {
                        <tr class="group">
                          <th scope="colgroup" class="adm-mono" [attr.colspan]="matrix().models.length + 1">{{ row.template }}</th>
                        </tr>
                      }
                      <tr>
                        <th scope="row" class="adm-mono">{{ row.gate }}</th>
                        @for (model of matrix().models; track model) {
                          @let cell = matrix().cells[row.key][model];
                          @if (cell) {
                            <td [attr.data-tone]="tone(cell.rate)" [matTooltip]="cell.passed + ' of ' + cell.attempts + ' attempts passed'">
                              {{ cell.rate === null ? '—' : (cell.rate * 100).toFixed(0) + '%' }}<small>{{ cell.attempts }}</small>
                            </td>
                          } @else {
                            <td class="none">·</td>
                          }
                        }
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
              <p class="legend"><span data-tone="success">≥ 90%</span><span data-tone="warning">60–90%</span><span data-tone="danger">&lt; 60%</span> · small figure: attempts</p>
            } @else {
              <p class="muted">No gate attempts in this period.</p>
            }
          </section>
          <div class="two">
            <section class="adm-panel" aria-labelledby="codes-title">
              <h2 id="codes-title">Top fail codes</h2>
              @for (code of failCodes(); track code.code) {
                <div class="bar-row">
                  <span class="adm-mono">{{ code.code }}</span>
                  <div class="adm-bar" data-tone="danger" [style.--w]="code.share * 100 + '%'"><span></span></div>
                  <span class="num">{{ code.count }} <small>({{ (code.share * 100).toFixed(0) }}%)</small></span>
                </div>
              } @empty {
                <p class="muted">No failed attempts in this period.</p>
              }
              @if (worstGates().length) {
                <h3>Where they happen</h3>
                <ul class="worst">
                  @for (row of worstGates(); track $index) {
                    <li><span class="adm-mono">{{ row.template_slug }} · {{ row.gate_id }}</span> — {{ row.code }} × {{ row.count }}</li>
                  }
                </ul>
              }
            </section>
            <section class="adm-panel" aria-labelledby="trend-title">
              <h2 id="trend-title">Cost trend <small>{{ fmtUsd(costTotal()) }} in {{ days() }} days, {{ includeSimulated() ? 'real + simulated' : 'real only' }}</small></h2>
              @if (trend(); as t) {
                <adm-cost-trend-chart [trend]="t" />
              }
            </section>
          </div>
      } @else {
        <esy-loading-state shape="cards" [count]="3" label="Loading system health" />
      }
    </div>
  `,
  styles: `
    .scroll {
      overflow-x: auto;
    }
    .matrix {
      border-collapse: separate;
      border-spacing: 3px;
      font: var(--mat-sys-body-medium);
    }
    .scope-note {
      margin: -0.5rem 0 1rem;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .matrix th {
      font: var(--mat-sys-label-medium);
      padding: 0.3rem 0.5rem;
      text-align: left;
      white-space: nowrap;
    }
    .matrix .group th {
      padding-top: 0.9rem;
      color: var(--mat-sys-primary);
    }
    .matrix td {
      min-width: 5.5rem;
      padding: 0.45rem 0.5rem;
      text-align: center;
      border-radius: 6px;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      background: color-mix(in srgb, var(--esy-tone-fg) 22%, transparent);
    }
    .matrix td small {
      display: block;
      font-weight: 400;
      font-size: 0.7rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .matrix td.none {
      background: transparent;
      color: var(--mat-sys-outline);
    }
    .legend span {
      padding: 0.1rem 0.5rem;
      margin-right: 0.4rem;
      border-radius: 4px;
      background: color-mix(in srgb, var(--esy-tone-fg) 22%, transparent);
    }
    .legend {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .two {
      display: grid;
      grid-template-columns: 1fr 1.4fr;
      gap: 1rem;
      margin-top: 1rem;
    }
    .bar-row {
      display: grid;
      grid-template-columns: 10rem 1fr 6rem;
      gap: 0.75rem;
      align-items: center;
      padding: 0.25rem 0;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    h2 small,
    small {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 1rem 0 0.4rem;
    }
    .worst {
      margin: 0;
      padding-left: 1.1rem;
      font: var(--mat-sys-body-small);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 1100px) {
      .two {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export default class HealthPage {
  private readonly api = inject(AdminApi);
  protected readonly days = signal(30);
  /** Real work only unless the operator includes simulated work. */
  protected readonly includeSimulated = signal(false);
  /** Reloads on its own when the period or the simulated switch changes. */
  protected readonly health = loader({
    params: () => ({ days: this.days(), sim: this.includeSimulated() }),
    stream: ({ days, sim }) => forkJoin({ reliability: this.api.reliability(days, sim), failCodes: this.api.failCodes(days, sim), costTrend: this.api.costTrend(days, sim) }),
  });
  protected readonly scopeNote = computed(() => {
    const simulated = this.health.data()?.costTrend.simulated;
    if (this.includeSimulated()) return 'Figures include simulated work (answered by the built-in simulator; never charged).';
    return simulated && simulated.attempts > 0
      ? `Real work only. ${simulated.attempts} simulated attempts (${usd(simulated.cost_usd)}) in this period are not counted.`
      : 'Real work only.';
  });
  protected readonly matrix = computed(() => buildMatrix(this.health.data()?.reliability.gates_by_model ?? []));
  protected readonly failCodes = computed(() => this.health.data()?.failCodes.codes.slice(0, 8) ?? []);
  protected readonly worstGates = computed(() => [...(this.health.data()?.failCodes.by_gate ?? [])].sort((a, b) => b.count - a.count).slice(0, 5));
  protected readonly trend = computed(() => this.health.data()?.costTrend ?? null);
  protected readonly costTotal = computed(() => this.trend()?.total_cost_usd ?? '0');
  protected tone = rateTone;
  protected fmtUsd = usd;

  protected setIncludeSimulated(include: boolean): void {
    this.includeSimulated.set(include);
  }

  protected setDays(days: number): void {
    this.days.set(days);
  }
}
