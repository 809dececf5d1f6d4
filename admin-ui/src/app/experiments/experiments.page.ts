import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { adminExperimentsList, Api, loader, type Experiment, type ExperimentDetail } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { dateTime } from '../data/format';
import { ExperimentFormComponent } from './experiment-form.component';
import { isLive } from './experiment-matrix';

/** How often the list refreshes while an experiment is pending or running. */
const POLL_MS = 3000;

/** Model experiments (A/B at gate boundaries): the list, and the form that starts one. */
@Component({
  selector: 'adm-experiments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, StatusBadgeComponent, ExperimentFormComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Experiments" lead="Replay one gate of a completed run on several models, on identical inputs, before switching the spec's model." />
      @if (!list.hasValue() && list.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="list.reload()" />
      } @else if (!list.hasValue()) {
        <esy-loading-state shape="lines" [count]="4" label="Loading experiments" />
      } @else {
        <div class="layout">
          <section class="adm-panel list" aria-labelledby="exp-list">
            <h2 id="exp-list">Experiments</h2>
            @if (experiments().length === 0) {
              <esy-empty-state icon="science" title="No experiments yet" message="Pick a spec, a gate and a completed run, then the models to compare." />
            } @else {
              <table class="adm-table" aria-labelledby="exp-list" data-testid="experiments-table">
                <thead>
                  <tr>
                    <th scope="col">Experiment</th>
                    <th scope="col">Gate</th>
                    <th scope="col">Models</th>
                    <th scope="col" class="num">Progress</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  @for (e of experiments(); track e.id) {
                    <tr>
                      <td><a [routerLink]="['/experiments', e.id]">{{ e.name }}</a></td>
                      <td>{{ e.gate_id }}{{ e.gate_name ? ' · ' + e.gate_name : '' }}</td>
                      <td>{{ e.model_ids.join(', ') }} × {{ e.repeat }}@if (e.judge_model_id) {<span class="muted"> · judge {{ e.judge_model_id }}</span>}</td>
                      <td class="num">{{ e.progress.done }} / {{ e.progress.total }}</td>
                      <td><esy-status-badge [status]="e.status" /></td>
                      <td>{{ created(e) }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            }
          </section>
          <adm-experiment-form (created)="opened($event)" />
        </div>
      }
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(22rem, 2fr);
      gap: 1rem;
      align-items: start;
    }
    @media (max-width: 1100px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
    .list {
      overflow-x: auto;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export default class ExperimentsPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  protected readonly list = loader({ stream: () => this.api.invoke(adminExperimentsList, { limit: 50 }) });
  protected readonly experiments = computed(() => this.list.data()?.experiments ?? []);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopPolling());
    // While an experiment is pending or running, the list refreshes (a reload keeps the table on screen).
    effect(() => {
      this.stopPolling();
      if (this.experiments().some((e) => isLive(e.status))) this.timer = setTimeout(() => this.list.reload(), POLL_MS);
    });
  }

  protected created(e: Experiment): string {
    return dateTime(e.created_at);
  }

  protected opened(detail: ExperimentDetail): void {
    this.snack.open('Experiment started', undefined, { duration: 2000 });
    void this.router.navigate(['/experiments', detail.experiment.id]);
  }

  private stopPolling(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
