import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CostProfile } from '@esy/api-client';
import { usd } from '../data/format';

/** The draft's cost per run (min / typical / max) and each stage's share, as priced by the server on current prices. */
@Component({
  selector: 'adm-cost-profile-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (profile(); as p) {
      <div data-testid="cost-profile">
      <div class="figures">
        <div><span class="k">min</span><span class="v">{{ fmt(p.min_usd) }}</span></div>
        <div class="typical"><span class="k">typical</span><span class="v">{{ fmt(p.typical_usd) }}</span></div>
        <div><span class="k">max</span><span class="v">{{ fmt(p.max_usd) }}</span></div>
      </div>
      @if (p.budget_usd) {
        <p class="muted">Budget per run: {{ fmt(p.budget_usd) }}</p>
      }
      @for (stage of p.stages; track stage.gate) {
        <div class="stage">
          <span class="adm-mono">{{ stage.gate }}</span>
          <div class="adm-bar" [style.--w]="share(stage.share)"><span></span></div>
          <span class="num">{{ fmt(stage.typical_usd) }}</span>
          <span class="model adm-mono">{{ stage.model }} · {{ stage.tier }}@if (stage.conditional) { · conditional }</span>
        </div>
      }
      </div>
    } @else {
      <p class="muted">{{ emptyText() }}</p>
    }
  `,
  styles: `
    .figures {
      display: grid;
      grid-template-columns: repeat(3, 1fr);
      gap: 0.5rem;
      margin-bottom: 0.75rem;
      text-align: center;
    }
    .k {
      display: block;
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      color: var(--mat-sys-on-surface-variant);
    }
    .v {
      font: var(--mat-sys-title-medium);
      font-variant-numeric: tabular-nums;
    }
    .typical .v {
      font: var(--mat-sys-headline-small);
      color: var(--mat-sys-primary);
    }
    .stage {
      display: grid;
      grid-template-columns: 3rem 1fr 4.5rem;
      gap: 0.5rem;
      align-items: center;
      padding: 0.2rem 0;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .model {
      grid-column: 2 / -1;
      font-size: 0.7rem;
      color: var(--mat-sys-on-surface-variant);
      margin-top: -0.2rem;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CostProfilePanelComponent {
  readonly profile = input<CostProfile | null | undefined>(null);
  readonly emptyText = input('Add stages to see what a run will cost.');
  protected fmt(value: string): string {
    // Cents like every other page (usd() itself keeps four places for sub-cent amounts).
    return usd(value);
  }
  protected share(value: string): string {
    const n = Number(value);
    return `${Math.round((n > 1 ? n : n * 100) || 0)}%`;
  }
}
