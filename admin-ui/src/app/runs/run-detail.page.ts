import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltip } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { type AdminRunDetail, adminRunsExport, adminRunsGet, Api, loader } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, saveFile, StatusBadgeComponent } from '@esy/ui-kit';
import { filter, firstValueFrom } from 'rxjs';
import { AdminEvents } from '../data/admin-events';
import { bytes, dateTime, duration, tokens, usd } from '../data/format';
import { reloadOnEvents } from '../data/live-reload';
import { CostBarsComponent, type CostRow } from './cost-bars.component';
import { FailureAnalysisComponent } from './failure-analysis.component';
import { VerificationPanelComponent } from './verification-panel.component';
import { FileHistoryComponent } from './file-history.component';
import { attemptNumber, RUN_SECTIONS, runLinkParams, sectionIndex, type RunLink } from './run-link';
import { GateDetailComponent } from './gate-detail.component';
import { GateTimelineComponent } from './gate-timeline.component';
import { TraceViewComponent, type TraceSelection } from './trace-view.component';
import { RunActions } from './run-actions';
import { buildRunLog } from './run-log';
import { buildTimeline, focusGate, type SpecStage } from './timeline';

/** Run detail: gate timeline, gate inspector, artifacts, cost, log — live while the run moves. */
@Component({
  selector: 'adm-run-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButton,
    MatIcon,
    MatTabsModule,
    MatTooltip,
    PageHeaderComponent,
    LoadingStateComponent,
    ErrorStateComponent,
    StatusBadgeComponent,
    GateTimelineComponent,
    GateDetailComponent,
    FailureAnalysisComponent,
    VerificationPanelComponent,
    FileHistoryComponent,
    CostBarsComponent,
    TraceViewComponent,
  ],
  template: `
    <div class="esy-page">
      <a mat-button routerLink="/runs" class="back"><mat-icon aria-hidden="true">arrow_back</mat-icon>Runs</a>
      @if (error(); as message) {
        <esy-error-state [message]="message" (retry)="load()" />
      } @else if (detail(); as d) {
        <esy-page-header [eyebrow]="d.template.name + ' · ' + d.spec.version" [title]="d.run.display_name">
          @if (d.run.status === 'paused') {
            <button mat-flat-button type="button" (click)="resume()"><mat-icon>play_arrow</mat-icon>Resume</button>
          }
          @if (['pending', 'running', 'paused'].includes(d.run.status)) {
            <button mat-stroked-button type="button" (click)="cancel()"><mat-icon>cancel</mat-icon>Cancel run</button>
          }
          <button mat-stroked-button type="button" (click)="exportRun()"><mat-icon>download</mat-icon>Export record</button>
        </esy-page-header>
        <div class="summary">
          <esy-status-badge [status]="d.run.status" data-testid="run-status" [attr.data-status]="d.run.status" />
          @if (d.run.draft) {
            <span class="draft" data-testid="draft-badge" matTooltip="Started from the template editor on an unpublished draft; users never see this run">
              <mat-icon aria-hidden="true">science</mat-icon>Draft test
            </span>
          }
          <span>{{ d.run.user.display_name ?? d.run.user.email }}</span>
          <span>· started {{ fmtDate(d.run.started_at ?? d.run.created_at) }}</span>
          <span>· {{ fmtDuration(d.run.duration_ms) }}</span>
          <span>· {{ d.run.passed_gates }}/{{ d.run.total_gates }} gates passed</span>
          <span>· {{ fmtTokens(d.run.tokens_in) }} in / {{ fmtTokens(d.run.tokens_out) }} out</span>
          <span data-testid="run-cost">· {{ fmtUsd(d.run.real_cost_usd) }}@if (d.run.budget_usd) { of {{ fmtUsd(d.run.budget_usd) }} budget }@if (+d.run.simulated_cost_usd > 0) { <span data-testid="run-simulated-cost" matTooltip="Priced at the models' rates but never charged; the budget counts real spend only">&nbsp;+ {{ fmtUsd(d.run.simulated_cost_usd) }} simulated</span> }</span>
          @if (d.run.simulated) {
            <span class="sim" matTooltip="At least one attempt was served by the built-in simulator">simulated</span>
          }
          <span class="live" [attr.data-connection]="connection()">
            <mat-icon aria-hidden="true">{{ connection() === 'open' ? 'sensors' : 'sensors_off' }}</mat-icon>{{ connection() === 'open' ? 'Live' : 'Reconnecting…' }}
          </span>
        </div>
        @if (d.verification) {
          <adm-verification-panel [verification]="d.verification" [integritySweep]="d.integrity_sweep" />
        }
        @if (d.run.status === 'paused') {
          <adm-failure-analysis [run]="d.run" [nodes]="timeline()" (inspect)="openGate($event)" />
        }
        @if (d.run.status === 'failed' && d.run.error_message) {
          <p class="failed" role="alert">{{ d.run.error_message }}</p>
        }

        <mat-tab-group animationDuration="0" mat-stretch-tabs="false" [selectedIndex]="tab()" (selectedIndexChange)="showSection($event)">
          <mat-tab label="Gates">
            <div class="tab">
              <adm-gate-timeline [nodes]="timeline()" [selected]="selectedGate()" (select)="openGate($event)" />
              @if (selectedNode(); as node) {
                <adm-gate-detail
                  [runId]="d.run.id"
                  [runStatus]="d.run.status"
                  [node]="node"
                  [artifacts]="d.artifacts"
                  [liveText]="liveText()[node.gateId] ?? ''"
                  [knownModels]="knownModels()"
                  [attempt]="attemptShown()"
                  [view]="view()"
                  (linkChange)="go($event)"
                  (acted)="load()"
                />
              }
            </div>
          </mat-tab>
          <mat-tab label="Trace">
            <div class="tab">
              <adm-trace-view
                [trace]="d.trace"
                [selectedGate]="gate() ?? null"
                [selectedAttempt]="attemptShown()"
                (selectSpan)="openFromTrace($event)"
              />
            </div>
          </mat-tab>
          <mat-tab [label]="'Artifacts (' + d.artifacts.length + ')'">
            <div class="tab">
              <table class="adm-table" data-testid="artifacts">
                <thead><tr><th>Path</th><th>Gate</th><th>Attempt</th><th>Version</th><th>Type</th><th class="num">Size</th><th>sha256</th></tr></thead>
                <tbody>
                  @for (file of d.artifacts; track file.id) {
                    <tr class="file-row" [class.on]="file.file_path === file_() && file.version === (fileVersion() ?? file.version)">
                      <td class="adm-mono">
                        <button type="button" class="adm-link-button" (click)="go({ section: 'artifacts', file: file.file_path, version: file.version, compare: null })">
                          {{ file.file_path }}
                        </button>
                      </td>
                      <td>{{ file.gate_id ?? '—' }}</td>
                      <td>{{ file.attempt_number ?? '—' }}</td>
                      <td>v{{ file.version }}</td>
                      <td>{{ file.content_type }}</td>
                      <td class="num">{{ fmtBytes(file.size_bytes) }}</td>
                      <td class="adm-mono hash">{{ file.content_hash }}</td>
                    </tr>
                  } @empty {
                    <tr><td colspan="7">No files yet.</td></tr>
                  }
                </tbody>
              </table>
              @if (file_(); as path) {
                <adm-file-history
                  [path]="path"
                  [artifacts]="d.artifacts"
                  [version]="fileVersion()"
                  [compare]="fileCompare()"
                  (linkChange)="go($event)"
                />
              }
            </div>
          </mat-tab>
          <mat-tab label="Cost">
            <div class="tab cost">
              <p class="total">Total {{ fmtUsd(d.cost_breakdown.total_usd, 4) }}</p>
              <h3>By gate</h3>
              <adm-cost-bars heading="Gate" [rows]="costByGate()" />
              <h3>By model</h3>
              <adm-cost-bars heading="Model" [rows]="costByModel()" />
            </div>
          </mat-tab>
          <mat-tab label="Log">
            <div class="tab">
              <ol class="log" data-testid="run-log">
                @for (entry of log(); track $index) {
                  <li>
                    <time>{{ fmtDate(entry.at) }}</time>
                    <mat-icon aria-hidden="true">{{ entry.icon }}</mat-icon>
                    <span>
                      {{ entry.text }}
                      @if (entry.who) { <span class="who">by {{ entry.who }}</span> }
                      @if (entry.reason) { <span class="why">“{{ entry.reason }}”</span> }
                    </span>
                  </li>
                } @empty {
                  <li>Nothing has happened yet.</li>
                }
              </ol>
            </div>
          </mat-tab>
          <mat-tab label="Intent">
            <div class="tab"><pre class="adm-pre">{{ pretty(d.run.intent) }}</pre></div>
          </mat-tab>
        </mat-tab-group>
      } @else {
        <esy-loading-state shape="cards" [count]="5" label="Loading the run" />
      }
    </div>
  `,
  styles: `
    .file-row.on {
      background: var(--mat-sys-secondary-container);
    }
    adm-file-history {
      display: block;
      margin-top: 1.25rem;
    }
    .back {
      margin: 0 0 0.5rem -0.75rem;
    }
    .summary {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
      margin: -0.5rem 0 1rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .sim {
      font: var(--mat-sys-label-small);
      padding: 0.1rem 0.4rem;
      border-radius: 4px;
      background: var(--esy-info-container);
      color: var(--esy-on-info-container);
    }
    .draft {
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
      font: var(--mat-sys-label-medium);
      padding: 0.1rem 0.5rem;
      border-radius: 999px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .draft mat-icon {
      font-size: 1rem;
      width: 1rem;
      height: 1rem;
    }
    .live {
      margin-left: auto;
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
      font: var(--mat-sys-label-medium);
    }
    .live[data-connection='open'] {
      color: var(--esy-success);
    }
    .failed {
      color: var(--mat-sys-error);
    }
    .tab {
      padding: 1rem 0;
      display: flex;
      flex-direction: column;
      gap: 1rem;
    }
    .hash {
      font-size: 0.7rem;
      word-break: break-all;
    }
    .total {
      font: var(--mat-sys-headline-small);
      margin: 0;
    }
    h3 {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .log {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .log li {
      display: grid;
      grid-template-columns: 10rem 1.5rem 1fr;
      gap: 0.5rem;
      padding: 0.35rem 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .log time {
      color: var(--mat-sys-on-surface-variant);
      font-variant-numeric: tabular-nums;
    }
    .log mat-icon {
      font-size: 1.1rem;
      width: 1.1rem;
      height: 1.1rem;
    }
    .who {
      color: var(--mat-sys-on-surface-variant);
    }
    .why {
      font-style: italic;
    }
  `,
})
export default class RunDetailPage {
  readonly id = input.required<string>();
  /** Query parameters (see run-link.ts): which section, gate, attempt and inspector tab the address points at. */
  readonly section = input<string>();
  readonly gate = input<string>();
  readonly attempt = input<string>();
  readonly view = input<string>();
  readonly file = input<string>();
  readonly version = input<string>();
  readonly compare = input<string>();
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly actions = inject(RunActions);
  private readonly events = inject(AdminEvents);
  private readonly destroyRef = inject(DestroyRef);

  /**
   * The run record. Live events and actions reload it; a reload cancels the one in flight, so on a busy server an
   * earlier, slower answer cannot land last and put the page back to an older state.
   */
  private readonly run = loader({ params: () => this.id(), stream: (id) => this.api.invoke(adminRunsGet, { id }) });
  protected readonly detail = computed<AdminRunDetail | null>(() => this.run.data() ?? null);
  protected readonly error = computed(() => this.run.problem()?.message ?? null);
  protected readonly tab = computed(() => sectionIndex(this.section()));
  /** The gate in the address when the run has it; otherwise the one that needs attention (failed, running, last). */
  protected readonly selectedGate = computed(() => {
    const asked = this.gate();
    const nodes = this.timeline();
    return asked && nodes.some((node) => node.gateId === asked) ? asked : focusGate(nodes);
  });
  protected readonly attemptShown = computed(() => attemptNumber(this.attempt()));
  protected readonly file_ = computed(() => this.file() || null);
  protected readonly fileVersion = computed(() => attemptNumber(this.version()));
  protected readonly fileCompare = computed(() => attemptNumber(this.compare()));
  /** Text streamed by running attempts, per gate (cleared when the attempt's record arrives). */
  protected readonly liveText = signal<Partial<Record<string, string>>>({});
  protected readonly connection = this.events.connection;

  protected readonly timeline = computed(() => {
    const d = this.detail();
    return d ? buildTimeline(d.gates, d.attempts, (d.spec.stages ?? []) as SpecStage[]) : [];
  });
  protected readonly selectedNode = computed(() => this.timeline().find((node) => node.gateId === this.selectedGate()) ?? null);
  protected readonly log = computed(() => {
    const d = this.detail();
    return d ? buildRunLog(d.attempts, d.operator_actions).reverse() : [];
  });
  protected readonly knownModels = computed(() => [...new Set((this.detail()?.attempts ?? []).map((a) => a.model_id).filter((id): id is string => !!id))]);
  protected readonly costByGate = computed<CostRow[]>(() =>
    (this.detail()?.cost_breakdown.by_gate ?? []).map((row) => ({
      label: row.gate_id,
      sublabel: row.gate_name,
      costUsd: row.cost_usd,
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
      attempts: row.attempts,
    })),
  );
  protected readonly costByModel = computed<CostRow[]>(() =>
    (this.detail()?.cost_breakdown.by_model ?? []).map((row) => ({
      label: row.model_id ?? 'no model',
      sublabel: row.model_provider ?? undefined,
      costUsd: row.cost_usd,
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
      attempts: row.attempts,
    })),
  );

  protected fmtUsd = usd;
  protected fmtTokens = tokens;
  protected fmtDuration = duration;
  protected fmtDate = dateTime;
  protected fmtBytes = bytes;

  constructor() {
    // Streamed text is only a preview of a running attempt; the stored raw output replaces it.
    effect(() => {
      const detail = this.detail();
      if (!detail) return;
      const running = new Set(detail.gates.filter((g) => g.status === 'running').map((g) => g.gate_id));
      untracked(() => this.liveText.update((all) => Object.fromEntries(Object.entries(all).filter(([gate]) => running.has(gate)))));
    });
    // The live feed only carries what happens after it opens: whenever it (re)opens, read the run again, so a run
    // that moved (or finished) between the first load and the connection is not left showing an older state.
    let wasOpen = false;
    effect(() => {
      const open = this.connection() === 'open';
      if (open && !wasOpen) untracked(() => this.load());
      wasOpen = open;
    });
    reloadOnEvents(
      () => this.load(),
      (event) => event.run_id === this.id(),
      250,
    );
    this.events
      .events(this.destroyRef)
      .pipe(
        filter((event) => event.type === 'gate_output' && event.run_id === this.id()),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((event) => {
        const gate = String(event.payload['gate_id'] ?? '');
        const text = String(event.payload['text'] ?? '');
        if (!gate || !text) return;
        this.liveText.update((all) => ({ ...all, [gate]: ((all[gate] ?? '') + text).slice(-20_000) }));
      });
  }

  load(): void {
    this.run.reload();
  }

  protected openGate(gateId: string): void {
    this.go({ section: 'gates', gate: gateId, attempt: null });
  }

  /** A bar of the trace opens the inspector on its gate and attempt (a round or tool call on the raw output). */
  protected openFromTrace(selection: TraceSelection): void {
    this.go({ section: 'gates', gate: selection.gate, attempt: selection.attempt, ...(selection.output ? { view: 'output' as const } : {}) });
  }

  protected showSection(index: number): void {
    const section = RUN_SECTIONS[index];
    if (section && index !== this.tab()) this.go({ section });
  }

  /** Every change of what is shown goes through the address, so it can be shared and the back button undoes it. */
  protected go(link: RunLink): void {
    // The gate shown may come from the run's state rather than the address: pin it, so the link keeps showing it.
    const pinned: RunLink = { gate: this.selectedGate(), ...link };
    // scroll: 'manual' — the page stays where the operator is reading; only back/forward restore positions.
    void this.router.navigate([], { relativeTo: this.route, queryParams: runLinkParams(pinned), queryParamsHandling: 'merge', scroll: 'manual' });
  }

  protected async cancel(): Promise<void> {
    if (await this.actions.cancel(this.id())) this.load();
  }

  protected async resume(): Promise<void> {
    if (await this.actions.resume(this.id())) this.load();
  }

  protected async exportRun(): Promise<void> {
    const record = await firstValueFrom(this.api.invoke(adminRunsExport, { id: this.id() }));
    saveFile(JSON.stringify(record, null, 2), `run-${this.detail()?.run.project_slug ?? this.id()}.json`, 'application/json');
  }

  protected pretty(value: unknown): string {
    return JSON.stringify(value, null, 2);
  }
}
