import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, linkedSignal, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { adminExperimentsCancel, adminExperimentsGet, Api, loader, toApiProblem, type ExperimentDetail, type ExperimentResult } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { dateTime, duration, tokens, usd } from '../data/format';
import { isLive, matrixRows } from './experiment-matrix';
import { ExperimentOutputsComponent } from './experiment-outputs.component';

/** How often the page refreshes while the experiment runs. */
const POLL_MS = 2000;

/** One experiment: the results matrix per model with the baseline, then every candidate. Live while it runs. */
@Component({
  selector: 'adm-experiment-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, ExperimentOutputsComponent, MatIcon, PageHeaderComponent, ErrorStateComponent, LoadingStateComponent, StatusBadgeComponent],
  template: `
    <div class="esy-page">
      <a mat-button routerLink="/experiments" class="back"><mat-icon aria-hidden="true">arrow_back</mat-icon>Experiments</a>
      @if (detail(); as d) {
        <esy-page-header [title]="d.experiment.name" [lead]="lead()">
          @if (live()) {
            <button mat-stroked-button type="button" (click)="cancel()" [disabled]="cancelling()" data-testid="exp-cancel"><mat-icon aria-hidden="true">cancel</mat-icon>Cancel</button>
          }
        </esy-page-header>
        <div class="facts">
          <esy-status-badge [status]="d.experiment.status" />
          <span>{{ d.summary.done }} of {{ d.summary.total }} candidates done</span>
          @if (d.experiment.source_run_id) {
            <a [routerLink]="['/runs', d.experiment.source_run_id]">source run</a>
          }
          @if (d.experiment.judge_model_id) {
            <span>judge {{ d.experiment.judge_model_id }}</span>
          }
          <span class="muted">started {{ when(d.experiment.started_at) }}</span>
        </div>
        @if (d.experiment.error) {
          <p class="problem" role="alert">{{ d.experiment.error }}</p>
        }

        <section class="adm-panel" aria-labelledby="matrix">
          <h2 id="matrix">Results by model · {{ d.summary.gate_id }}</h2>
          <table class="adm-table" aria-labelledby="matrix" data-testid="experiment-matrix">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" class="num">Passed</th>
                <th scope="col">Pass rate</th>
                <th scope="col" class="num">Mean score</th>
                <th scope="col" class="num">Mean cost</th>
                <th scope="col" class="num">Mean latency</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.key) {
                <tr [class.baseline]="row.baseline">
                  <th scope="row">
                    @if (row.baseline) {
                      <span class="tag">Baseline</span>
                    }
                    {{ row.label }}
                    @if (row.sameAsBaseline) {
                      <span class="muted"> · baseline model</span>
                    }
                    @if (row.simulated) {
                      <span class="tag sim" data-testid="simulated-side">{{ row.simulated === 'all' ? 'Simulated' : 'Partly simulated' }}</span>
                    }
                  </th>
                  <td class="num">{{ row.passed }}</td>
                  <td>
                    @if (row.passRate !== null) {
                      <div class="rate" [class.best]="row.best.passRate">
                        <div class="adm-bar" aria-hidden="true"><span [style.--w.%]="row.passRate"></span></div>
                        <span>{{ row.passRate }}%</span>
                      </div>
                    } @else {
                      —
                    }
                  </td>
                  <td class="num" [class.best]="row.best.score">{{ row.meanScore === null ? (row.baseline ? 'not judged' : '—') : row.meanScore.toFixed(2) }}</td>
                  <td class="num" [class.best]="row.best.cost">{{ row.meanCostUsd === null ? '—' : money(row.meanCostUsd) }}</td>
                  <td class="num" [class.best]="row.best.latency">{{ time(row.meanLatencyMs) }}</td>
                </tr>
              }
            </tbody>
          </table>
          <p class="muted note">Rows marked Simulated were answered by the built-in simulator (the provider has no key): their figures say nothing about the real model. Best candidate figure per column in bold. Pass rate counts contract validation (warnings pass). Score: rubric mean 1–5; a rubric passes at mean ≥ 3 with no criterion below 2.</p>
        </section>

        <adm-experiment-outputs [experimentId]="d.experiment.id" [done]="d.summary.done" />

        <section class="adm-panel" aria-labelledby="candidates">
          <h2 id="candidates">Candidates</h2>
          <table class="adm-table" aria-labelledby="candidates" data-testid="experiment-results">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" class="num">#</th>
                <th scope="col">Outcome</th>
                <th scope="col">Fail codes</th>
                <th scope="col">Rubric</th>
                <th scope="col" class="num">Tokens in / out</th>
                <th scope="col" class="num">Cost</th>
                <th scope="col" class="num">Latency</th>
                <th scope="col">Files</th>
              </tr>
            </thead>
            <tbody>
              @for (r of d.results; track r.id) {
                <tr>
                  <td>{{ r.model_id }}@if (r.served_model_id && r.served_model_id !== r.model_id) {<span class="muted"> (served by {{ r.served_model_id }})</span>}@if (r.simulated) {<span class="tag sim"> Simulated</span>}</td>
                  <td class="num">{{ r.repeat_index }}</td>
                  <td><esy-status-badge [status]="r.status" />@if (r.error_message) {<div class="muted small">{{ r.error_message }}</div>}</td>
                  <td><code>{{ r.fail_codes.join(', ') || '—' }}</code></td>
                  <td>
                    @if (r.rubric_scores) {
                      <span [title]="r.rubric_rationale ?? ''">{{ r.rubric_mean?.toFixed(2) }} {{ r.rubric_passed ? '✓' : '✗' }}</span>
                      <div class="muted small">{{ scores(r) }}</div>
                    } @else {
                      —
                    }
                  </td>
                  @if (unfinished(r)) {
                    <td class="num">—</td>
                    <td class="num">—</td>
                  } @else {
                    <td class="num">{{ count(r.tokens_in) }} / {{ count(r.tokens_out) }}</td>
                    <td class="num">{{ money(r.cost_usd) }}</td>
                  }
                  <td class="num">{{ time(r.duration_ms) }}</td>
                  <td class="small">{{ files(r) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </section>
      } @else if (error()) {
        <esy-error-state [message]="error()" (retry)="experiment.reload()" />
      } @else {
        <esy-loading-state shape="lines" [count]="6" label="Loading experiment" />
      }
    </div>
  `,
  styles: `
    .back {
      margin-bottom: 0.5rem;
    }
    .facts {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      align-items: center;
      margin-bottom: 1rem;
    }
    section {
      margin-bottom: 1rem;
      overflow-x: auto;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .small,
    .note {
      font: var(--mat-sys-body-small);
    }
    .problem {
      color: var(--mat-sys-error);
    }
    tr.baseline th,
    tr.baseline td {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .tag {
      display: inline-block;
      margin-right: 0.4rem;
      padding: 0 0.45rem;
      border-radius: 999px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-secondary);
      color: var(--mat-sys-on-secondary);
    }
    .tag.sim {
      margin: 0 0 0 0.4rem;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .rate {
      display: grid;
      grid-template-columns: minmax(5rem, 10rem) 3rem;
      gap: 0.5rem;
      align-items: center;
    }
    .best {
      font-weight: 700;
    }
    table.adm-table th[scope='row'] {
      text-align: left;
      font: var(--mat-sys-body-medium);
      text-transform: none;
      letter-spacing: normal;
      color: inherit;
    }
  `,
})
export default class ExperimentDetailPage {
  private readonly api = inject(Api);
  private readonly snack = inject(MatSnackBar);
  readonly id = input.required<string>();
  protected readonly experiment = loader({ params: () => this.id(), stream: (id) => this.api.invoke(adminExperimentsGet, { id }) });
  /** The experiment shown: the last one read (a failed refresh keeps it), or what cancelling answered. */
  protected readonly detail = linkedSignal<ExperimentDetail | null>(() => this.experiment.data() ?? null);
  protected readonly error = computed(() => this.experiment.problem()?.message ?? '');
  protected readonly cancelling = signal(false);
  protected readonly rows = computed(() => {
    const d = this.detail();
    return d ? matrixRows(d.summary) : [];
  });
  protected readonly live = computed(() => isLive(this.detail()?.experiment.status ?? ''));
  protected readonly lead = computed(() => {
    const e = this.detail()?.experiment;
    if (!e) return '';
    const spec = e.template_slug ? `${e.template_slug} v${e.spec_version}` : 'spec';
    return `${spec} · gate ${e.gate_id}${e.gate_name ? ` ${e.gate_name}` : ''} · ${e.model_ids.length} model${e.model_ids.length === 1 ? '' : 's'} × ${e.repeat}`;
  });
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopPolling());
    // While it runs the page refreshes; through a transient failure it keeps following, more slowly.
    effect(() => {
      const failed = !!this.experiment.problem();
      this.stopPolling();
      if (this.live() && !this.experiment.isLoading()) this.timer = setTimeout(() => this.experiment.reload(), failed ? POLL_MS * 2 : POLL_MS);
    });
  }

  protected cancel(): void {
    this.cancelling.set(true);
    this.api.invoke(adminExperimentsCancel, { id: this.id() }).subscribe({
      next: (detail) => {
        this.cancelling.set(false);
        this.detail.set(detail);
        this.snack.open('Experiment cancelled', undefined, { duration: 2000 });
        this.experiment.reload();
      },
      error: (e) => {
        this.cancelling.set(false);
        this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 6000 });
      },
    });
  }

  protected money(value: string): string {
    // Four places: candidates of cheap models differ below the cent.
    return usd(value, 4);
  }

  protected time(ms: number | null): string {
    return duration(ms === null ? null : Math.round(ms));
  }

  protected count(n: number): string {
    return tokens(n);
  }

  protected when(iso: string | null): string {
    return dateTime(iso);
  }

  protected scores(r: ExperimentResult): string {
    const s = r.rubric_scores;
    return s ? `C${s.completeness} A${s.accuracy} S${s.structure} Q${s.quality} Co${s.coherence}` : '';
  }

  protected unfinished(r: ExperimentResult): boolean {
    return r.status === 'pending' || r.status === 'running';
  }

  protected files(r: ExperimentResult): string {
    return r.files.map((f) => f.path).join(', ') || '—';
  }

  private stopPolling(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
