import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltip } from '@angular/material/tooltip';
import type { Artifact, GateAttempt } from '@esy/api-client';
import { StatusBadgeComponent } from '@esy/ui-kit';
import { bytes, dateTime, duration, tokens, usd } from '../data/format';
import { AttemptDiffComponent } from './attempt-diff.component';
import { PromptPacketViewerComponent } from './prompt-packet-viewer.component';
import { RawOutputViewerComponent } from './raw-output-viewer.component';
import { RoutingRecordComponent } from './routing-record.component';
import { RunActions } from './run-actions';
import { GATE_VIEWS, viewIndex, type RunLink } from './run-link';
import { gateActions, nodeLook, type TimelineNode } from './timeline';
import { ValidationTableComponent } from './validation-table.component';

/** Everything about one gate: its attempts, checks, prompt, raw output, files, diffs, and what an operator can do. */
@Component({
  selector: 'adm-gate-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButton,
    MatIcon,
    MatTabsModule,
    MatTooltip,
    StatusBadgeComponent,
    ValidationTableComponent,
    PromptPacketViewerComponent,
    RawOutputViewerComponent,
    RoutingRecordComponent,
    AttemptDiffComponent,
  ],
  template: `
    @let n = node();
    <section class="adm-panel" [attr.aria-label]="'Gate ' + n.gateId" data-testid="gate-detail" [attr.data-gate]="n.gateId">
      <header class="head">
        <div>
          <h2>{{ n.gateId }} · {{ n.name }}</h2>
          <div class="sub">
            <esy-status-badge [status]="n.decision.endsWith('_by_operator') ? 'warning' : n.status" [label]="look(n).label" [attr.data-decision]="n.decision" />
            <span>{{ n.phase }}</span>
            @if (n.parallel) {
              <span>· {{ n.agents.length }} agents in parallel</span>
            }
            @if (n.condition) {
              <span class="adm-mono">· when {{ n.condition }}</span>
            }
            @for (code of n.failCodes; track code) {
              <span class="code" data-testid="fail-code">{{ code }}</span>
            }
          </div>
          @if (n.statusReason) {
            <p class="reason" data-testid="status-reason">{{ n.statusReason }}</p>
          }
        </div>
        <div class="actions">
          <button mat-button type="button" (click)="copyLink()" data-testid="copy-attempt-link"><mat-icon>link</mat-icon>Copy link</button>
          @if (can().rerun) {
            <button mat-stroked-button type="button" (click)="rerun()"><mat-icon>replay</mat-icon>Rerun</button>
            <button mat-stroked-button type="button" (click)="rerunOnModel()"><mat-icon>swap_horiz</mat-icon>Rerun on another model</button>
          }
          @if (can().approve) {
            <button mat-stroked-button type="button" (click)="approve()"><mat-icon>verified</mat-icon>Approve</button>
          }
          @if (can().skip) {
            <button mat-stroked-button type="button" (click)="skip()"><mat-icon>redo</mat-icon>Skip</button>
          }
        </div>
      </header>

      @if (n.history.length) {
        <div class="attempts" role="tablist" aria-label="Attempts">
          @for (attempt of n.history; track attempt.id) {
            <button
              type="button"
              role="tab"
              class="attempt"
              [attr.data-attempt]="attempt.attempt_number"
              [attr.data-status]="attempt.status"
              [attr.aria-selected]="attempt.attempt_number === current()?.attempt_number"
              [class.on]="attempt.attempt_number === current()?.attempt_number"
              (click)="linkChange.emit({ attempt: attempt.attempt_number })"
            >
              <span class="n">#{{ attempt.attempt_number }}</span>
              <esy-status-badge [status]="attempt.status" />
              <span class="adm-mono">{{ attempt.model_id ?? '—' }}</span>
              <span class="trigger">{{ attempt.trigger === 'infra_retry' ? 'infrastructure retry' : attempt.trigger }}</span>
              @if (attempt.infrastructure) {
                <mat-icon class="infra" data-testid="attempt-infra" aria-hidden="false" aria-label="lost to infrastructure" matTooltip="Lost to infrastructure; not counted toward max attempts">cloud_off</mat-icon>
              }
            </button>
          }
        </div>
      }

      @if (current(); as a) {
        <dl class="facts">
          <div><dt>Model</dt><dd class="adm-mono" data-testid="attempt-model">{{ a.model_id ?? '—' }}@if (a.model_provider) { · {{ a.model_provider }} }@if (a.simulated) { <span class="sim" matTooltip="Served by the built-in simulator">simulated</span> }</dd></div>
          <div><dt>{{ a.agent_slug?.includes(',') ? 'Agents' : 'Agent' }}</dt><dd>{{ a.agent_slug ? a.agent_slug.split(',').join(', ') : '—' }}</dd></div>
          <div><dt>Tokens</dt><dd>{{ fmtTokens(a.tokens_in) }} in / {{ fmtTokens(a.tokens_out) }} out</dd></div>
          <div><dt>Cost</dt><dd>{{ fmtUsd(a.cost_usd) }}@if (a.simulated) { <small>&nbsp;(simulated, never charged)</small> }</dd></div>
          <div><dt>Duration</dt><dd>{{ fmtDuration(a.duration_ms) }}</dd></div>
          <div><dt>Started</dt><dd>{{ fmtDate(a.started_at) }}</dd></div>
          @if (a.overridden_by) {
            <!-- The operator by name, never a user id. -->
            <div><dt>Decided by</dt><dd data-testid="decided-by">{{ n.decidedBy ?? 'an operator' }}</dd></div>
          }
        </dl>
        @if (a.fail_codes.length) {
          <p class="codes">Fail codes: @for (code of a.fail_codes; track code) {<span class="code">{{ code }}</span>}</p>
        }
        @if (a.infrastructure) {
          <p class="infra-note" data-testid="infra-note">
            <mat-icon aria-hidden="true">cloud_off</mat-icon>
            Ended by infrastructure, not by the model: retried with back-off under the infrastructure budget, without
            counting toward this gate's attempts or escalating its model.
          </p>
        }

        <mat-tab-group animationDuration="0" mat-stretch-tabs="false" [selectedIndex]="tab()" (selectedIndexChange)="showView($event)">
          <mat-tab label="Checks">
            <div class="tab"><adm-validation-table [validation]="a.validation_results" /></div>
          </mat-tab>
          <mat-tab label="Prompt packet">
            <div class="tab"><adm-prompt-packet-viewer [packet]="a.prompt_packet" /></div>
          </mat-tab>
          <mat-tab label="Raw output">
            <div class="tab"><adm-raw-output-viewer [raw]="a.raw_output" [live]="a.status === 'running' ? liveText() : ''" /></div>
          </mat-tab>
          <mat-tab [label]="'Files (' + files().length + ')'">
            <div class="tab">
              <table class="adm-table">
                <thead><tr><th>Path</th><th>Version</th><th class="num">Size</th><th>sha256</th></tr></thead>
                <tbody>
                  @for (file of files(); track file.id) {
                    <tr>
                      <td class="adm-mono">
                        <button type="button" class="adm-link-button" (click)="linkChange.emit({ section: 'artifacts', file: file.file_path, version: file.version, compare: null })">
                          {{ file.file_path }}
                        </button>
                      </td>
                      <td>v{{ file.version }}</td>
                      <td class="num">{{ fmtBytes(file.size_bytes) }}</td>
                      <td class="adm-mono hash" [matTooltip]="file.content_hash">{{ file.content_hash.slice(0, 16) }}…</td>
                    </tr>
                  } @empty {
                    <tr><td colspan="4">This attempt wrote no files.</td></tr>
                  }
                </tbody>
              </table>
            </div>
          </mat-tab>
          <mat-tab label="Diff">
            <div class="tab">
              <adm-attempt-diff [runId]="runId()" [gateId]="n.gateId" [attemptNumbers]="attemptNumbers()" />
            </div>
          </mat-tab>
          <mat-tab label="Routing">
            <div class="tab"><adm-routing-record [routing]="a.routing" /></div>
          </mat-tab>
        </mat-tab-group>
      } @else {
        <p class="muted">This gate has not run yet.</p>
      }
    </section>
  `,
  styles: `
    /* min-width 0: inside the page's grid the tab bar must paginate on a phone, not widen the page. */
    :host {
      display: block;
      min-width: 0;
      max-width: 100%;
    }
    mat-tab-group {
      max-width: 100%;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 1rem;
      align-items: flex-start;
    }
    h2 {
      margin: 0 0 0.4rem !important;
    }
    .sub {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .reason {
      margin: 0.5rem 0 0;
      font-style: italic;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: flex-end;
    }
    .code {
      padding: 0 0.4rem;
      border-radius: 4px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      margin-right: 0.3rem;
    }
    .attempts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 1rem 0 0.5rem;
    }
    .attempt {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      padding: 0.3rem 0.6rem;
      border-radius: var(--mat-sys-corner-small);
      border: 1px solid var(--mat-sys-outline-variant);
      background: transparent;
      color: inherit;
      font: inherit;
      cursor: pointer;
    }
    .attempt.on {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-secondary-container);
    }
    .n {
      font-weight: 650;
    }
    .trigger {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .attempt .infra {
      font-size: 1rem;
      width: 1rem;
      height: 1rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .infra-note {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.5rem 0.75rem;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    .facts {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      gap: 0.5rem 1rem;
      margin: 0.75rem 0;
    }
    dt {
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
    .sim {
      font: var(--mat-sys-label-small);
      padding: 0 0.3rem;
      border-radius: 4px;
      background: var(--esy-info-container);
      color: var(--esy-on-info-container);
    }
    .tab {
      padding: 0.75rem 0;
    }
    .hash {
      cursor: help;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class GateDetailComponent {
  readonly runId = input.required<string>();
  readonly runStatus = input.required<string>();
  readonly node = input.required<TimelineNode>();
  readonly artifacts = input<Artifact[]>([]);
  readonly liveText = input('');
  /** Model ids seen in this run (offered for "rerun on another model" when the model table is unavailable). */
  readonly knownModels = input<string[]>([]);
  /** Attempt number from the page address; null follows the latest attempt. */
  readonly attempt = input<number | null>(null);
  /** Inspector tab from the page address (run-link.ts GATE_VIEWS). */
  readonly view = input<string | undefined>(undefined);
  /** An action was accepted: the page reloads the run. */
  readonly acted = output<void>();
  /** The operator picked another attempt or tab: the page puts it in the address. */
  readonly linkChange = output<RunLink>();

  private readonly actions = inject(RunActions);
  private readonly snack = inject(MatSnackBar);
  protected readonly tab = computed(() => viewIndex(this.view()));

  protected readonly current = computed<GateAttempt | undefined>(() => {
    const history = this.node().history;
    const chosen = this.attempt();
    return (chosen !== null ? history.find((a) => a.attempt_number === chosen) : undefined) ?? history.at(-1);
  });
  protected readonly attemptNumbers = computed(() => this.node().history.filter((a) => a.status !== 'pending').map((a) => a.attempt_number));
  protected readonly files = computed(() => {
    const attempt = this.current();
    return attempt ? this.artifacts().filter((file) => file.gate_execution_id === attempt.id) : [];
  });
  protected readonly can = computed(() => gateActions(this.runStatus(), this.node().status));

  protected fmtTokens = tokens;
  protected fmtUsd = usd;
  protected fmtDuration = duration;
  protected look = nodeLook;
  protected fmtDate = dateTime;
  protected fmtBytes = bytes;

  protected showView(index: number): void {
    const view = GATE_VIEWS[index];
    if (view && index !== this.tab()) this.linkChange.emit({ view });
  }

  /** The address of exactly this gate, attempt and tab, for sending to a colleague. */
  protected async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this.snack.open('Link to this attempt copied', undefined, { duration: 2000 });
    } catch {
      this.snack.open(`Copy this address: ${location.href}`, 'Dismiss', { duration: 8000 });
    }
  }

  protected async rerun(): Promise<void> {
    if (await this.actions.rerun(this.runId(), this.node().gateId, this.runStatus())) this.done();
  }
  protected async rerunOnModel(): Promise<void> {
    if (await this.actions.rerunOnModel(this.runId(), this.node().gateId, this.knownModels(), this.runStatus())) this.done();
  }
  protected async skip(): Promise<void> {
    if (await this.actions.skip(this.runId(), this.node().gateId)) this.done();
  }
  protected async approve(): Promise<void> {
    if (await this.actions.approve(this.runId(), this.node().gateId)) this.done();
  }
  private done(): void {
    // Follow the new attempt the action started.
    this.linkChange.emit({ attempt: null });
    this.acted.emit();
  }
}
