import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { type AdminRun, adminRunsGet, adminRunsList, Api, loader } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { firstValueFrom, forkJoin, from, map } from 'rxjs';
import { AdminEvents } from '../data/admin-events';
import { AdminApi } from '../data/admin-api';
import { duration, usd } from '../data/format';
import { reloadOnEvents } from '../data/live-reload';
import { periodStarts, summariseRuns, type RunStats } from '../data/run-stats';

/** The admin runs list answers at most this many rows per request. */
const RUNS_PAGE = 200;

interface Kpi {
  label: string;
  icon: string;
  value: string;
  detail: string;
  tone: 'primary' | 'success' | 'danger' | 'neutral';
}

/** Operations at a glance: active runs, today's outcomes, spend, gate pass rates, model usage — live. */
@Component({
  selector: 'adm-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, MatSlideToggle, PageHeaderComponent, EmptyStateComponent, LoadingStateComponent, ErrorStateComponent, StatusBadgeComponent],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export default class DashboardPage {
  private readonly api = inject(Api);
  private readonly adminApi = inject(AdminApi);

  /** Running, paused and pending runs (reloaded, not emptied, when events arrive). */
  protected readonly activeRuns = loader({
    stream: () =>
      forkJoin((['running', 'paused', 'pending'] as const).map((status) => this.api.invoke(adminRunsList, { status, limit: 50 }))).pipe(
        map((pages) => pages.flatMap((page) => page.runs)),
      ),
  });
  /** Run counts and spend from the runs list: the fallback while the analytics figures load or fail. */
  private readonly runStats = loader({ stream: () => from(this.runsSince()).pipe(map((runs) => summariseRuns(runs, new Date()))) });
  protected readonly error = computed(() => (this.activeRuns.problem() ?? this.runStats.problem())?.message ?? null);
  /** Figures count real work only unless the operator asks to include simulated work. */
  protected readonly includeSimulated = signal(false);
  protected readonly overview = loader({ params: () => this.includeSimulated(), stream: (include) => this.adminApi.overview(include) });
  /** Simulated spend this month (never part of the real figures), for the label beside them. */
  protected readonly simulatedMonth = computed(() => Number(this.overview.data()?.periods.month.simulated_cost_usd) || 0);
  /** Model of each active run's current gate (from the run record; refetched only when the gate changes). */
  protected readonly currentModel = signal<Partial<Record<string, string>>>({});
  private readonly modelKeys = new Map<string, string>();
  protected readonly connection = inject(AdminEvents).connection;

  protected readonly kpis = computed<Kpi[]>(() => {
    const periods = this.overview.data()?.periods ?? null;
    // The analytics figures count runs by period on the server; without them, from the runs list.
    const s: RunStats | null = periods
      ? {
          completedToday: periods.today.completed,
          failedToday: periods.today.failed,
          startedToday: periods.today.runs,
          costToday: Number(periods.today.cost_usd),
          costWeek: Number(periods.week.cost_usd),
          costMonth: Number(periods.month.cost_usd),
        }
      : (this.runStats.data() ?? null);
    const active = this.activeRuns.data();
    const running = active?.filter((r) => r.status === 'running').length ?? 0;
    const paused = active?.filter((r) => r.status === 'paused').length ?? 0;
    return [
      { label: 'Active runs', icon: 'play_circle', value: active ? String(active.length) : '…', detail: `${running} running · ${paused} paused`, tone: 'primary' },
      { label: 'Completed today', icon: 'task_alt', value: s ? String(s.completedToday) : '…', detail: s ? `${s.startedToday} started since midnight` : 'since midnight', tone: 'success' },
      { label: 'Failed today', icon: 'error', value: s ? String(s.failedToday) : '…', detail: 'need a look', tone: 'danger' },
      {
        label: this.includeSimulated() ? 'Cost today (incl. simulated)' : 'Cost today (real)',
        icon: 'payments',
        value: s ? usd(s.costToday) : '…',
        detail: s ? `week ${usd(s.costWeek)} · month ${usd(s.costMonth)}${this.simulatedNote(periods?.today.simulated_cost_usd)}` : '',
        tone: 'neutral',
      },
    ];
  });
  protected readonly passRates = computed(() => {
    // One group per template, its slug in full above its gates (a brief's G1 is not an essay's G1).
    return (this.overview.data()?.gate_pass_rates ?? []).map((g, i, all) => ({
      key: `${g.template_slug}/${g.gate_id}`,
      gate: g.gate_id,
      template: g.template_slug ?? g.template_id,
      groupStart: i === 0 || all[i - 1].template_id !== g.template_id,
      total: g.attempts,
      rate: Number(g.pass_rate ?? 0),
    }));
  });
  protected readonly modelUsage = computed(() => {
    const rows = (this.overview.data()?.model_usage ?? []).map((m) => ({ model: m.model_id, attempts: m.attempts, cost: Number(m.cost_usd) || 0 }));
    const max = Math.max(0, ...rows.map((m) => m.cost));
    return rows.map((m) => ({ ...m, width: max > 0 ? Math.max(1, Math.round((m.cost / max) * 100)) : 0 }));
  });

  protected fmtUsd = usd;

  private simulatedNote(simulated: string | undefined): string {
    const amount = Number(simulated) || 0;
    if (amount === 0) return '';
    return this.includeSimulated() ? ` · today incl. ${usd(amount)} simulated` : ` · ${usd(amount)} simulated today, not counted`;
  }

  protected toggleSimulated(include: boolean): void {
    this.includeSimulated.set(include);
  }

  /** A run's real spend, and its simulated spend beside it (never added). */
  protected runCost(run: AdminRun): { real: string; simulated: number } {
    return { real: run.real_cost_usd ?? run.total_cost_usd, simulated: Number(run.simulated_cost_usd) || 0 };
  }
  protected fmtDuration = duration;

  constructor() {
    reloadOnEvents(() => this.reload(), undefined, 800);
    // The current model of the first active runs, refetched only for runs whose gate changed.
    effect(() => {
      const active = this.activeRuns.data();
      if (active) untracked(() => void this.loadModels(active.slice(0, 12)));
    });
  }

  protected reload(): void {
    this.activeRuns.reload();
    this.runStats.reload();
    this.overview.reload();
  }

  /** The model of each active run's current gate: its latest attempt of that gate (big records, so fetched sparingly). */
  private async loadModels(runs: AdminRun[]): Promise<void> {
    for (const run of runs) {
      const key = `${run.current_gate}:${run.status}:${run.updated_at}`;
      if (!run.current_gate || this.modelKeys.get(run.id) === key) continue;
      this.modelKeys.set(run.id, key);
      try {
        const detail = await firstValueFrom(this.api.invoke(adminRunsGet, { id: run.id }));
        const latest = detail.attempts.filter((a) => a.gate_id === run.current_gate).at(-1);
        if (latest?.model_id) this.currentModel.update((all) => ({ ...all, [run.id]: latest.model_id as string }));
      } catch {
        this.modelKeys.delete(run.id);
      }
    }
  }

  /** Every run created since the earlier of this week's and this month's start (pages of 200, the API's maximum; at most 5000). */
  private async runsSince(): Promise<AdminRun[]> {
    const { week, month } = periodStarts(new Date());
    const from = (week < month ? week : month).toISOString();
    const all: AdminRun[] = [];
    for (let offset = 0; offset < 5000; offset += RUNS_PAGE) {
      const page = await firstValueFrom(this.api.invoke(adminRunsList, { date_from: from, limit: RUNS_PAGE, offset }));
      all.push(...page.runs);
      if (page.runs.length < RUNS_PAGE) break;
    }
    return all;
  }
}
