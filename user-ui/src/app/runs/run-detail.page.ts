import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { RunsData } from '../data/runs.data';
import { initialProgress } from './initial-progress';
import { explainCancelled, explainFailure, explainPause, formatClock, formatDuration, phaseWords, stepTitle } from './plain-words';
import { RunLive } from './run-live';
import { completedCount, currentStep, estimateRemainingMs, isFinished, progressFraction } from './run-progress';
import { StepListComponent } from './step-list.component';
import { StepTrackComponent } from './step-track.component';
import { runStatusLabel } from './run-status-words';

/** One run, live: where it is, what it is doing, how long it has taken and how long is left. */
@Component({
  selector: 'esy-run-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [RunLive],
  imports: [
    DatePipe,
    RouterLink,
    MatButton,
    MatIcon,
    PageHeaderComponent,
    LoadingStateComponent,
    ErrorStateComponent,
    StatusBadgeComponent,
    StepListComponent,
    StepTrackComponent,
  ],
  templateUrl: './run-detail.page.html',
  styleUrl: './run-detail.page.scss',
})
export default class RunDetailPage {
  private readonly runs = inject(RunsData);
  protected readonly live = inject(RunLive);

  readonly runId = input.required<string>();

  protected readonly run = loader({ params: () => this.runId(), stream: (params) => this.runs.get(params) });
  protected readonly loadProblem = computed(() => (this.run.error() ? toApiProblem(this.run.error()) : null));
  protected readonly progress = this.live.progress;
  /** The run record once the run has completed (re-read then: its verification is only final at the end). */
  protected readonly finalRecord = loader({
    params: () => (this.status() === 'completed' ? this.runId() : undefined),
    stream: (id: string | undefined) => this.runs.get(id!),
  });
  protected readonly verification = computed(() => this.finalRecord.data()?.verification ?? null);
  protected readonly decisions = computed(
    () => new Map((this.finalRecord.data() ?? this.run.data())?.steps.map((step) => [step.gateId, step.decision] as const) ?? []),
  );
  /** Cancel asks once more inline before acting; a failure is shown next to the button, the run stays as it was. */
  protected readonly confirmingCancel = signal(false);
  protected readonly cancelling = signal(false);
  protected readonly cancelError = signal<string | null>(null);
  protected readonly canCancel = computed(() => ['pending', 'running', 'paused'].includes(this.status()));
  protected readonly now = signal(Date.now());

  protected readonly status = computed(() => this.progress()?.status ?? this.run.data()?.status ?? 'pending');
  protected readonly statusLabel = computed(() => runStatusLabel(this.status()));
  protected readonly steps = computed(() => this.progress()?.steps ?? []);
  protected readonly current = computed(() => {
    const progress = this.progress();
    return progress ? currentStep(progress) : null;
  });
  protected readonly done = computed(() => {
    const progress = this.progress();
    return progress ? completedCount(progress) : 0;
  });
  protected readonly percent = computed(() => {
    const progress = this.progress();
    return progress ? Math.round(progressFraction(progress) * 100) : 0;
  });
  protected readonly doing = computed(() => {
    const step = this.current();
    if (!step) return null;
    const words = phaseWords(step.phase);
    const retry = step.status === 'retrying' ? ' Taking another pass to get it right.' : '';
    return { title: stepTitle(step.name), phase: words.title, doing: words.doing + retry, icon: words.icon };
  });
  /** What screen readers hear when the run moves on (not every second of the clock). */
  protected readonly announcement = computed(() => {
    const status = this.status();
    const step = this.doing();
    const total = this.steps().length;
    if (status === 'completed') return 'Your run is complete.';
    if (status === 'paused') return 'Your run is paused.';
    if (status === 'failed') return 'Your run stopped.';
    if (status === 'cancelled') return 'Your run was cancelled.';
    if (!step) return 'Waiting to start.';
    return `Step ${this.done() + 1} of ${total}: ${step.title}. ${step.phase}.`;
  });
  protected readonly elapsed = computed(() => {
    const progress = this.progress();
    if (!progress?.startedAt) return null;
    const end = progress.completedAt ?? (isFinished(progress) ? null : this.now());
    // Clocks of different machines can disagree by a little; a negative span is shown as unknown.
    return end === null || end < progress.startedAt ? null : formatClock(end - progress.startedAt);
  });
  protected readonly remaining = computed(() => {
    const progress = this.progress();
    if (!progress || this.status() !== 'running') return null;
    const ms = estimateRemainingMs(progress, this.now());
    return ms === null ? null : formatDuration(ms);
  });
  protected readonly explanation = computed(() => {
    const progress = this.progress();
    switch (this.status()) {
      case 'paused': {
        const step = this.current();
        return { tone: 'warning', icon: 'pause_circle', ...explainPause(progress?.pauseReason ?? null, step?.name ?? null) };
      }
      case 'failed':
        return { tone: 'danger', icon: 'error', ...explainFailure() };
      case 'cancelled':
        return { tone: 'neutral', icon: 'cancel', ...explainCancelled() };
      default:
        return null;
    }
  });
  protected readonly brief = computed(() => {
    const run = this.run.data();
    if (!run) return [];
    const labels = new Map((run.spec?.intentFields ?? []).map((field) => [field.key, field]));
    return Object.entries(run.intent).map(([key, value]) => {
      const field = labels.get(key);
      const option = field?.options?.find((o) => o.value === value);
      return { label: field?.label ?? humanize(key), value: option?.label ?? (typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)) };
    });
  });

  protected stepName(name: string): string {
    return stepTitle(name);
  }

  protected cancelRun(): void {
    const run = this.run.data();
    if (!run || this.cancelling()) return;
    this.cancelling.set(true);
    this.cancelError.set(null);
    this.runs.cancel(run.id).subscribe({
      next: () => {
        this.cancelling.set(false);
        this.confirmingCancel.set(false);
        this.run.reload();
      },
      error: (error: unknown) => {
        this.cancelling.set(false);
        this.cancelError.set(toApiProblem(error).message);
      },
    });
  }

  constructor() {
    effect(() => {
      const run = this.run.data();
      if (run) untracked(() => this.live.follow(run.id, initialProgress(run)));
    });
    // The clock ticks while the run is working; nothing ticks on a finished page.
    effect((onCleanup) => {
      if (this.status() !== 'running' && this.status() !== 'pending') return;
      const timer = setInterval(() => this.now.set(Date.now()), 1000);
      onCleanup(() => clearInterval(timer));
    });
  }
}

/** `reading_time` → "Reading time", for brief keys the spec has no label for. */
function humanize(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
