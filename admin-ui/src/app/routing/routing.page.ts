import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import {
  adminExperimentsCreate,
  adminRoutingApply,
  adminRoutingRecommendations,
  Api,
  toApiProblem,
  type RoutingStageRecommendation,
  type RoutingTemplateRecommendations,
} from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { usd } from '../data/format';
import { CostPerSuccessChartComponent } from './cost-per-success-chart.component';
import { loader } from '@esy/api-client';

/**
 * Routing recommendations: per template stage, the model in use against the cheapest one the evidence proves above
 * the stage's pass-rate floor, with the saving per run and per month; apply it (a new spec version) or confirm it
 * with an experiment first. A chart per template shows cost per successful run by day.
 */
@Component({
  selector: 'adm-routing-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, MatTooltip, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, CostPerSuccessChartComponent],
  template: `
    <div class="esy-page">
      <esy-page-header
        title="Routing"
        lead="Every first attempt is a labelled trial. Here each stage's model is compared with the cheapest model whose pass-rate lower bound clears the stage's floor."
      />
      @if (recommendations.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="recommendations.reload()" />
      } @else if (recommendations.data()) {
        @if (templates().length === 0) {
          <esy-empty-state icon="alt_route" title="No published templates" message="Publish a template's spec; recommendations appear once its gates have run." />
        }
        @for (t of templates(); track t.template_id) {
          <section class="adm-panel template" [attr.aria-labelledby]="'rt-' + t.slug" data-testid="routing-template" [attr.data-slug]="t.slug">
            <header>
              <h2 [id]="'rt-' + t.slug">{{ t.name }} <small class="adm-mono">v{{ t.spec_version }}</small></h2>
              <span class="muted">{{ t.runs_last_30_days }} run{{ t.runs_last_30_days === 1 ? '' : 's' }} in 30 days · saving {{ money(monthly(t)) }}/month if all applied</span>
            </header>
            <div class="body">
              <div class="scroll">
              <table class="adm-table" [attr.aria-label]="'Stages of ' + t.name">
                <thead>
                  <tr><th>Stage</th><th>Current</th><th>Recommended</th><th class="num">Saving / run</th><th class="num">/ month</th><th>Evidence</th><th></th></tr>
                </thead>
                <tbody>
                  @for (s of t.stages; track s.gate) {
                    <tr data-testid="routing-stage" [attr.data-gate]="s.gate" [attr.data-recommended]="s.recommended?.model_id ?? ''">
                      <td>
                        <strong>{{ s.gate }}</strong> {{ s.name }}
                        @if (s.routing_mode === 'auto') {
                          <span class="chip" matTooltip="This stage already routes automatically">auto</span>
                        }
                      </td>
                      <td><span class="adm-mono model">{{ s.current.model_id }}</span><div class="muted">{{ rate(s.current) }}</div></td>
                      <td>
                        @if (s.recommended; as r) {
                          <span class="adm-mono model">{{ r.model_id }}</span><div class="muted">{{ rate(r) }}</div>
                        } @else {
                          <span class="muted">keep</span>
                        }
                      </td>
                      <td class="num">{{ s.recommended ? money(s.saving_per_run_usd) : '—' }}</td>
                      <td class="num">{{ s.recommended ? money(s.saving_per_month_usd) : '—' }}</td>
                      <td>
                        <span class="confidence" [attr.data-confidence]="s.confidence">{{ s.confidence === 'none' ? '—' : s.confidence }}</span>
                        <span class="muted"> · {{ s.evidence_kind }}</span>
                        <div class="reason">{{ s.reason }}</div>
                      </td>
                      <td>
                        <div class="actions">
                        @if (s.recommended) {
                          <button mat-stroked-button type="button" [disabled]="busy()" (click)="apply(t, s)" data-testid="apply"><mat-icon>publish</mat-icon>Apply</button>
                          <button mat-button type="button" [disabled]="busy() || !t.source_run_id" (click)="experiment(t, s)" [matTooltip]="t.source_run_id ? 'Replay this gate of the latest completed run on both models' : 'Needs a completed run of this spec'">
                            <mat-icon>science</mat-icon>Confirm
                          </button>
                        }
                        </div>
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
              </div>
              <figure>
                <figcaption>Cost per successful run</figcaption>
                @if (t.cost_trend.length) {
                  <adm-cost-per-success-chart [points]="t.cost_trend" [name]="t.name" />
                } @else {
                  <p class="muted">No finished runs in 30 days.</p>
                }
              </figure>
            </div>
          </section>
        }
      } @else {
        <esy-loading-state shape="lines" [count]="5" label="Loading recommendations" />
      }
    </div>
  `,
  styles: `
    .template {
      margin-bottom: 1.25rem;
    }
    header {
      display: flex;
      align-items: baseline;
      gap: 1rem;
      flex-wrap: wrap;
    }
    h2 {
      margin: 0;
    }
    .body {
      display: grid;
      gap: 1rem;
    }
    table {
      width: 100%;
    }
    .model {
      white-space: nowrap;
    }
    figure {
      margin: 0;
      max-width: 44rem;
    }
    figcaption {
      font-weight: 550;
      margin-bottom: 0.25rem;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font-size: 0.85rem;
    }
    .reason {
      font-size: 0.8rem;
      color: var(--mat-sys-on-surface-variant);
      min-width: 18rem;
      max-width: 34rem;
    }
    .chip {
      margin-left: 0.35rem;
      padding: 0 0.4rem;
      border-radius: 999px;
      font-size: 0.75rem;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .confidence[data-confidence='high'] {
      color: var(--esy-success, #1b7f3b);
      font-weight: 600;
    }
    .confidence[data-confidence='low'] {
      color: var(--esy-warning, #a15c00);
    }
    .scroll {
      overflow-x: auto;
    }
    .actions {
      display: flex;
      flex-direction: column;
      align-items: stretch;
      gap: 0.25rem;
    }
  `,
})
export default class RoutingPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  protected readonly recommendations = loader({ stream: () => this.api.invoke(adminRoutingRecommendations) });
  protected readonly templates = computed(() => this.recommendations.data()?.templates ?? []);
  protected readonly busy = signal(false);

  private load(): void {
    this.recommendations.reload();
  }

  protected apply(t: RoutingTemplateRecommendations, s: RoutingStageRecommendation): void {
    const model = s.recommended!.model_id;
    this.busy.set(true);
    this.api.invoke(adminRoutingApply, { body: { template_id: t.template_id, gate: s.gate, model_id: model } }).subscribe({
      next: (applied) => {
        this.busy.set(false);
        this.snack.open(`Published ${t.name} v${applied.version}: ${s.gate} on ${model}`, undefined, { duration: 4000 });
        this.load();
      },
      error: (e) => {
        this.busy.set(false);
        this.snack.open(toApiProblem(e).message, 'Dismiss');
      },
    });
  }

  protected experiment(t: RoutingTemplateRecommendations, s: RoutingStageRecommendation): void {
    this.busy.set(true);
    const body = { spec_id: t.spec_id, gate_id: s.gate, source_run_id: t.source_run_id!, model_ids: [s.current.model_id, s.recommended!.model_id], repeat: 3 };
    this.api.invoke(adminExperimentsCreate, { body }).subscribe({
      next: (detail) => {
        this.busy.set(false);
        void this.router.navigate(['/experiments', detail.experiment.id]);
      },
      error: (e) => {
        this.busy.set(false);
        this.snack.open(toApiProblem(e).message, 'Dismiss');
      },
    });
  }

  protected monthly(t: RoutingTemplateRecommendations): number {
    return t.stages.reduce((sum, s) => sum + s.saving_per_month_usd, 0);
  }

  protected rate(e: { samples: number; pass_rate: number; lower_bound: number }): string {
    return e.samples ? `${(e.pass_rate * 100).toFixed(1)} % pass (≥ ${(e.lower_bound * 100).toFixed(1)} %), ${e.samples} trial${e.samples === 1 ? '' : 's'}` : 'no trials yet';
  }

  protected money(value: number): string {
    return value > 0 && value < 0.01 ? `$${value.toFixed(4)}` : usd(value);
  }
}
