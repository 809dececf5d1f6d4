import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIcon } from '@angular/material/icon';
import { duration, tokens } from '../data/format';
import { readRawOutput } from './packets';

/**
 * Exactly what came back from the model: every round, its text and its tool calls in one readable line each
 * (expand for the arguments and the tool's answer). While the gate runs, streamed text appears under "Live".
 */
@Component({
  selector: 'adm-raw-output-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatExpansionModule, MatIcon],
  template: `
    @if (live()) {
      <div class="live" data-testid="live-output">
        <div class="live-head"><mat-icon aria-hidden="true">stream</mat-icon> Live output</div>
        <pre class="adm-pre">{{ live() }}</pre>
      </div>
    }
    @for (agent of agents(); track $index) {
      <div class="agent" data-testid="raw-output">
        <div class="agent-head">
          <strong>{{ agent.agent }}</strong>
          @if (agent.model) {
            <span class="adm-mono"> · {{ agent.model }}</span>
          }
          <span class="outcome" [class.bad]="agent.outcome !== 'completed'">{{ agent.outcome ?? 'unknown' }}</span>
        </div>
        @if (agent.error) {
          <p class="error" role="alert">{{ agent.error }}</p>
        }
        @for (round of agent.rounds; track round.round) {
          <section class="round">
            <h4>
              Round {{ round.round }}
              <span class="meta">{{ fmtDuration(round.durationMs) }} · {{ fmtTokens(round.tokensIn) }} in / {{ fmtTokens(round.tokensOut) }} out
                @if (round.stopReason) { · stop: {{ round.stopReason }} }
                @if (round.servedBy) { · {{ round.servedBy }} }</span>
            </h4>
            @if (round.error) {
              <p class="error">{{ round.error }}</p>
            }
            @if (round.text) {
              <pre class="adm-pre text">{{ round.text }}</pre>
            }
            @if (round.toolCalls.length) {
              <mat-accordion multi displayMode="flat" class="calls">
                @for (call of round.toolCalls; track call.id) {
                  <mat-expansion-panel>
                    <mat-expansion-panel-header>
                      <mat-panel-title class="adm-mono" [class.bad]="call.isError">
                        <mat-icon aria-hidden="true">{{ call.isError ? 'error' : 'build' }}</mat-icon>
                        {{ call.summary }}
                      </mat-panel-title>
                    </mat-expansion-panel-header>
                    <div class="label">Arguments</div>
                    <pre class="adm-pre">{{ pretty(call.input) }}</pre>
                    <div class="label">Result</div>
                    <pre class="adm-pre">{{ call.result ?? '(no result recorded)' }}</pre>
                  </mat-expansion-panel>
                }
              </mat-accordion>
            }
          </section>
        }
        @if (agent.finalText && agent.rounds.length === 0) {
          <pre class="adm-pre">{{ agent.finalText }}</pre>
        }
      </div>
    } @empty {
      @if (!live()) {
        <p class="muted">No model output was recorded for this attempt.</p>
      }
    }
  `,
  styles: `
    .agent + .agent {
      margin-top: 1.25rem;
    }
    .agent-head {
      display: flex;
      align-items: center;
      gap: 0.25rem;
      margin-bottom: 0.5rem;
    }
    .outcome {
      margin-left: auto;
      font: var(--mat-sys-label-medium);
      color: var(--esy-success);
    }
    .bad {
      color: var(--mat-sys-error) !important;
    }
    .round {
      padding: 0.5rem 0 0.75rem;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    h4 {
      margin: 0 0 0.4rem;
      font: var(--mat-sys-title-small);
    }
    .meta {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin-left: 0.5rem;
    }
    .text {
      max-height: 12rem;
      margin-bottom: 0.5rem;
    }
    mat-panel-title mat-icon {
      font-size: 1rem;
      width: 1rem;
      height: 1rem;
      margin-right: 0.35rem;
    }
    .label {
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      margin: 0.5rem 0 0.25rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .live {
      margin-bottom: 1rem;
    }
    .live-head {
      display: flex;
      align-items: center;
      gap: 0.3rem;
      font: var(--mat-sys-label-large);
      color: var(--esy-info);
      margin-bottom: 0.3rem;
    }
  `,
})
export class RawOutputViewerComponent {
  readonly raw = input<Record<string, unknown> | null>(null);
  /** Text streamed live for the running attempt (not stored until the attempt ends). */
  readonly live = input<string>('');
  protected readonly agents = computed(() => readRawOutput(this.raw()));
  protected fmtTokens = tokens;
  protected fmtDuration = duration;

  protected pretty(value: unknown): string {
    return JSON.stringify(value, null, 2);
  }
}
