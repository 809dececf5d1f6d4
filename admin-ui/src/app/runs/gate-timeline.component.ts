import { afterRenderEffect, ChangeDetectionStrategy, Component, ElementRef, inject, input, output } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { statusLook } from '@esy/ui-kit';
import { duration } from '../data/format';
import type { TimelineNode } from './timeline';

/**
 * The run's gates left to right: status icon, agent(s), model, duration, attempts. Parallel agents stack inside
 * their gate; skipped gates stay in line (dashed) with their reason. Arrow keys move between gates.
 */
@Component({
  selector: 'adm-gate-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon, MatTooltip],
  template: `
    <ol class="track" role="listbox" aria-label="Gates" aria-orientation="horizontal" (keydown)="onKey($event)">
      @for (node of nodes(); track node.gateId; let last = $last) {
        <li
          class="gate"
          role="option"
          [attr.data-gate]="node.gateId"
          [attr.data-status]="node.status"
          [attr.data-tone]="look(node.status).tone"
          [attr.aria-selected]="node.gateId === selected()"
          [class.selected]="node.gateId === selected()"
          [tabindex]="node.gateId === selected() ? 0 : -1"
          (click)="select.emit(node.gateId)"
          (keydown.enter)="select.emit(node.gateId)"
        >
          <div class="head">
            <mat-icon aria-hidden="true" [class.spin]="node.status === 'running'">{{ look(node.status).icon }}</mat-icon>
            <span class="id">{{ node.gateId }}</span>
            @if (node.parallel) {
              <mat-icon class="par" aria-hidden="false" aria-label="parallel agents" matTooltip="Agents run in parallel">call_split</mat-icon>
            }
          </div>
          <div class="name">{{ node.name }}</div>
          <div class="status">{{ look(node.status).label }}</div>
          <ul class="agents">
            @for (agent of node.agents; track agent.slug) {
              <li>{{ agent.slug }}@if (agent.role) {<span class="role"> · {{ agent.role }}</span>}</li>
            }
          </ul>
          <div class="meta">
            @if (node.status === 'skipped' && !node.durationMs) {
              <!-- A gate skipped before it ran has no model, time or attempts to report. -->
              <span>not run</span>
            } @else {
              <span class="model" [matTooltip]="node.provider ?? ''">{{ node.model ?? 'model by router' }}</span>
              <span>{{ fmtDuration(node.durationMs) }} · {{ node.attempts }}/{{ node.maxAttempts }} att.</span>
              @if (node.infraRetries) {
                <span class="infra" data-testid="infra-retries" [matTooltip]="'Attempts lost to infrastructure (worker lost, storage or provider down) and retried; not counted toward max attempts'">
                  +{{ node.infraRetries }} infra
                </span>
              }
            }
          </div>
          @if (node.status === 'skipped' && node.statusReason) {
            <div class="reason" [matTooltip]="node.statusReason">{{ node.statusReason }}</div>
          }
        </li>
        @if (!last) {
          <li class="link" aria-hidden="true"></li>
        }
      }
    </ol>
  `,
  styles: `
    .track {
      display: flex;
      align-items: stretch;
      gap: 0;
      list-style: none;
      margin: 0;
      padding: 0.25rem 0.25rem 0.75rem;
      overflow-x: auto;
    }
    .gate {
      flex: 0 0 11.5rem;
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
      padding: 0.6rem 0.7rem;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
      border-top: 4px solid var(--esy-tone-fg, var(--mat-sys-outline));
      background: var(--mat-sys-surface-container-low);
      cursor: pointer;
      outline: none;
    }
    .gate[data-status='skipped'] {
      border-style: dashed;
      opacity: 0.8;
    }
    .gate.selected {
      background: var(--mat-sys-secondary-container);
      box-shadow: 0 0 0 2px var(--mat-sys-primary);
    }
    .gate:focus-visible {
      box-shadow: 0 0 0 3px var(--mat-sys-primary);
    }
    .link {
      flex: 0 0 1rem;
      align-self: center;
      height: 2px;
      background: var(--mat-sys-outline-variant);
    }
    .head {
      display: flex;
      align-items: center;
      gap: 0.35rem;
      color: var(--esy-tone-fg);
    }
    .head mat-icon {
      font-size: 1.2rem;
      width: 1.2rem;
      height: 1.2rem;
    }
    .id {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface);
    }
    .par {
      margin-left: auto;
      color: var(--mat-sys-tertiary);
    }
    .name {
      font: var(--mat-sys-label-large);
    }
    .status {
      font: var(--mat-sys-label-small);
      color: var(--esy-tone-fg);
    }
    .agents {
      list-style: none;
      margin: 0.2rem 0 0;
      padding: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .agents li {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .meta {
      margin-top: auto;
      display: flex;
      flex-direction: column;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .infra {
      color: var(--mat-sys-tertiary);
    }
    .model {
      font-family: ui-monospace, monospace;
      font-size: 0.72rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .reason {
      font: var(--mat-sys-body-small);
      font-style: italic;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .spin {
      animation: spin 1.2s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
  `,
})
export class GateTimelineComponent {
  readonly nodes = input.required<TimelineNode[]>();
  readonly selected = input<string | null>(null);
  readonly select = output<string>();

  protected look = statusLook;
  protected fmtDuration = duration;
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  constructor() {
    // Bring the selected gate (from a link, or the failed / running one) into view within the strip, once per
    // selection, so the strip never shows G1–G4 while the inspector below shows G9.
    let centred: string | null = null;
    afterRenderEffect(() => {
      const id = this.selected();
      if (!id || id === centred || !this.nodes().some((node) => node.gateId === id)) return;
      const track = this.host.nativeElement.querySelector<HTMLElement>('.track');
      const gate = track?.querySelector<HTMLElement>(`[data-gate="${CSS.escape(id)}"]`);
      if (!track || !gate) return;
      centred = id;
      const offset = gate.getBoundingClientRect().left - track.getBoundingClientRect().left + track.scrollLeft;
      const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
      track.scrollTo({ left: offset - (track.clientWidth - gate.clientWidth) / 2, behavior: reduced ? 'auto' : 'smooth' });
    });
  }

  protected onKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const nodes = this.nodes();
    const index = nodes.findIndex((node) => node.gateId === this.selected());
    const next = nodes[Math.min(nodes.length - 1, Math.max(0, index + (event.key === 'ArrowRight' ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    this.select.emit(next.gateId);
    queueMicrotask(() => (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>(`[data-gate="${next.gateId}"]`)?.focus());
  }
}
