import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import type { RunTrace, TraceSpan } from '@esy/api-client';
import { layoutTrace, type TraceDepth } from './trace-layout';

const ICONS: Record<TraceSpan['kind'], string> = { gate: 'flag', attempt: 'replay', agent: 'smart_toy', model_round: 'psychology', tool_call: 'build' };

/** What selecting a bar opens: the gate, the attempt (null = the gate's latest) and whether to show the raw output. */
export interface TraceSelection {
  gate: string;
  attempt: number | null;
  output: boolean;
}

/**
 * The run as a waterfall: every gate, attempt, parallel agent, model round and tool call as a bar on one time axis.
 * Each row is a button (its text says what it is, how long it took and whether it failed); hovering or focusing it
 * tells model, tokens and cost; choosing it opens the gate inspector on that attempt.
 */
@Component({
  selector: 'adm-trace-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonToggleModule, MatIcon, MatTooltip],
  template: `
    <div class="bar-tools">
      <mat-button-toggle-group [value]="depth()" (change)="depth.set($event.value)" aria-label="Detail" hideSingleSelectionIndicator>
        <mat-button-toggle value="attempts">Attempts</mat-button-toggle>
        <mat-button-toggle value="agents">Agents</mat-button-toggle>
        <mat-button-toggle value="all">Rounds &amp; tools</mat-button-toggle>
      </mat-button-toggle-group>
      <span class="legend"><span class="swatch failed"></span>failed <span class="swatch running"></span>running</span>
    </div>
    @if (layout().rows.length === 0) {
      <p class="empty">Nothing has run yet.</p>
    } @else {
      <div class="trace" data-testid="trace" role="list" aria-label="Run trace">
        <div class="axis" aria-hidden="true">
          <span class="label-col"></span>
          <span class="track">
            @for (tick of layout().axis.ticks; track tick.at) {
              <span class="tick" [style.left.%]="tick.at">{{ tick.label }}</span>
            }
          </span>
        </div>
        @for (row of layout().rows; track row.span.id) {
          <div role="listitem">
            <button
              type="button"
              class="row"
              [class.failed]="row.span.failed"
              [class.running]="row.span.running"
              [class.selected]="isSelected(row.span)"
              [attr.data-kind]="row.span.kind"
              [attr.data-gate]="row.span.gate_id"
              [attr.data-attempt]="row.span.attempt_number"
              [attr.aria-current]="isSelected(row.span) ? 'true' : null"
              [matTooltip]="row.tip"
              matTooltipPosition="above"
              (click)="choose(row.span)"
            >
              <span class="label-col" [style.padding-left.rem]="row.depth * 0.9">
                <mat-icon aria-hidden="true">{{ row.span.failed ? 'error' : icon(row.span.kind) }}</mat-icon>
                <span class="text">{{ row.span.label }}</span>
                <span class="time">{{ row.time }}</span>
                <span class="visually-hidden">, {{ row.detail }}</span>
              </span>
              <span class="track">
                @if (row.left !== null && row.width !== null) {
                  <span class="bar" [attr.data-kind]="row.span.kind" [style.left.%]="row.left" [style.width.%]="row.width"></span>
                } @else {
                  <span class="unplaced">not timed</span>
                }
              </span>
            </button>
          </div>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .bar-tools {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 1rem;
      margin-bottom: 0.75rem;
    }
    .legend {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .swatch {
      display: inline-block;
      width: 0.9rem;
      height: 0.6rem;
      border-radius: 2px;
      margin-left: 0.5rem;
    }
    .swatch.failed {
      background: var(--mat-sys-error);
    }
    .swatch.running {
      background: repeating-linear-gradient(45deg, var(--mat-sys-primary), var(--mat-sys-primary) 3px, transparent 3px, transparent 6px);
      outline: 1px solid var(--mat-sys-primary);
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .trace {
      display: flex;
      flex-direction: column;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      overflow: hidden;
    }
    .axis,
    .row {
      display: grid;
      grid-template-columns: minmax(13rem, 34%) 1fr;
      align-items: center;
      min-height: 1.9rem;
    }
    .axis {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      min-height: 1.5rem;
    }
    .row {
      width: 100%;
      border: 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      background: transparent;
      color: inherit;
      font: var(--mat-sys-body-small);
      text-align: left;
      padding: 0;
      cursor: pointer;
    }
    .row:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .row:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: -2px;
    }
    .row.selected {
      background: var(--mat-sys-secondary-container);
    }
    .row[data-kind='gate'] {
      font-weight: 600;
    }
    .label-col {
      display: flex;
      align-items: center;
      gap: 0.3rem;
      min-width: 0;
      padding-right: 0.5rem;
      padding-left: 0.25rem;
    }
    .label-col mat-icon {
      flex: none;
      font-size: 1rem;
      width: 1rem;
      height: 1rem;
      margin-left: 0.25rem;
    }
    .row.failed .label-col mat-icon {
      color: var(--mat-sys-error);
    }
    .text {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .time {
      flex: none;
      color: var(--mat-sys-on-surface-variant);
      font-variant-numeric: tabular-nums;
    }
    .track {
      position: relative;
      align-self: stretch;
      margin: 0 0.75rem;
    }
    .tick {
      position: absolute;
      top: 0.2rem;
      transform: translateX(-50%);
      white-space: nowrap;
    }
    .tick:first-child {
      transform: none;
    }
    .tick:last-child {
      transform: translateX(-100%);
    }
    .bar {
      position: absolute;
      top: 25%;
      height: 50%;
      border-radius: 3px;
      background: var(--mat-sys-primary);
    }
    .bar[data-kind='gate'] {
      background: var(--mat-sys-on-surface-variant);
    }
    .bar[data-kind='agent'] {
      background: var(--mat-sys-tertiary);
    }
    .bar[data-kind='tool_call'] {
      background: var(--mat-sys-secondary);
    }
    .row.failed .bar {
      background: var(--mat-sys-error);
    }
    .row.running .bar {
      background: repeating-linear-gradient(45deg, var(--mat-sys-primary), var(--mat-sys-primary) 4px, transparent 4px, transparent 8px);
      outline: 1px solid var(--mat-sys-primary);
    }
    .unplaced {
      position: absolute;
      top: 50%;
      transform: translateY(-50%);
      color: var(--mat-sys-on-surface-variant);
      font-style: italic;
    }
    @media (max-width: 700px) {
      .axis,
      .row {
        grid-template-columns: 1fr;
      }
      .axis .label-col {
        display: none;
      }
      .axis {
        min-height: 1.4rem;
      }
      .track {
        min-height: 0.9rem;
        margin-bottom: 0.3rem;
      }
    }
  `,
})
export class TraceViewComponent {
  readonly trace = input<RunTrace | null | undefined>(null);
  /** The gate and attempt the inspector shows (highlighted here). */
  readonly selectedGate = input<string | null>(null);
  readonly selectedAttempt = input<number | null>(null);
  readonly selectSpan = output<TraceSelection>();

  protected readonly depth = signal<TraceDepth>('all');
  protected readonly layout = computed(() => layoutTrace(this.trace(), this.depth()));

  protected icon(kind: TraceSpan['kind']): string {
    return ICONS[kind] ?? 'circle';
  }

  protected isSelected(span: TraceSpan): boolean {
    if (span.gate_id !== this.selectedGate()) return false;
    if (span.kind === 'gate') return this.selectedAttempt() === null;
    return span.kind === 'attempt' && span.attempt_number === this.selectedAttempt();
  }

  protected choose(span: TraceSpan): void {
    this.selectSpan.emit({
      gate: span.gate_id,
      attempt: span.kind === 'gate' ? null : span.attempt_number,
      // A model round or tool call is read in the attempt's raw output.
      output: span.kind === 'model_round' || span.kind === 'tool_call' || span.kind === 'agent',
    });
  }
}
