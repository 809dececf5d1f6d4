import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, input, signal } from '@angular/core';
import { ReactiveFormsModule, type FormArray } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOptgroup, MatOption, MatSelect } from '@angular/material/select';
import { MatTooltip } from '@angular/material/tooltip';
import type { AdminModel, AgentSummary, ContractSummary } from '../data/admin-api';
import { priceOf } from '../data/models.data';
import { parallelAgentGroup, PHASES, stageGroup, TIERS, type StageGroup } from './draft-form';

/**
 * The pipeline, stage by stage: gate id, name, phase, agent (or parallel agents with roles) from the registry, model
 * with its tier and price, contract, condition, attempts, token estimates (which drive the cost profile). A long
 * pipeline opens collapsed, one summary line per stage, with an outline to jump to any stage.
 */
/** From this many stages on, a loaded pipeline opens collapsed. */
const COLLAPSE_FROM = 5;

@Component({
  selector: 'adm-stage-builder',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatIconButton, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption, MatOptgroup, MatIcon, MatTooltip],
  template: `
    @if (stages().length > 1) {
      <nav class="outline" aria-label="Stage outline" data-testid="stage-outline">
        <div class="outline-head">
          <span class="label">{{ stages().length }} stages</span>
          <span>
            <button mat-button type="button" (click)="setAll(true)">Expand all</button>
            <button mat-button type="button" (click)="setAll(false)">Collapse all</button>
          </span>
        </div>
        <ol>
          @for (stage of stages().controls; track stage; let i = $index) {
            <li>
              <button type="button" class="jump" [class.bad]="stage.invalid" (click)="jumpTo(stage, i)">
                <span class="gid">{{ stage.controls.gate.value || '—' }}</span> {{ stage.controls.name.value || 'Unnamed stage' }}
                @if (stage.invalid) {
                  <mat-icon class="warn" aria-hidden="true">error</mat-icon><span class="visually-hidden">needs attention</span>
                }
              </button>
            </li>
          }
        </ol>
      </nav>
    }
    @for (stage of stages().controls; track stage; let i = $index; let first = $first; let last = $last) {
      <fieldset class="stage" [class.closed]="!isOpen(stage)" [formGroup]="stage" [attr.aria-label]="'Stage ' + (i + 1)" [id]="'adm-stage-' + i" data-testid="stage">
        <div class="stage-head">
          <button
            type="button"
            class="toggle"
            [attr.aria-expanded]="isOpen(stage)"
            [attr.aria-controls]="'adm-stage-body-' + i"
            (click)="setOpen(stage, !isOpen(stage))"
          >
            <mat-icon aria-hidden="true">{{ isOpen(stage) ? 'expand_less' : 'expand_more' }}</mat-icon>
            <span class="num">Stage {{ i + 1 }}</span>
            @if (!isOpen(stage)) {
              <span class="summary" data-testid="stage-summary">
                {{ stage.controls.gate.value }} · {{ stage.controls.name.value || 'Unnamed stage' }} · {{ agentsOf(stage) }} · {{ stage.controls.model.value || 'router decides' }}
              </span>
              @if (stage.invalid) {
                <span class="bad-note"><mat-icon aria-hidden="true">error</mat-icon>needs attention</span>
              }
            }
          </button>
          <span class="moves">
            <button mat-icon-button type="button" matTooltip="Move up" aria-label="Move stage up" [disabled]="first" (click)="move(i, -1)"><mat-icon>arrow_upward</mat-icon></button>
            <button mat-icon-button type="button" matTooltip="Move down" aria-label="Move stage down" [disabled]="last" (click)="move(i, 1)"><mat-icon>arrow_downward</mat-icon></button>
            <button mat-icon-button type="button" matTooltip="Remove stage" [attr.aria-label]="'Remove stage ' + (i + 1)" (click)="stages().removeAt(i)"><mat-icon>delete</mat-icon></button>
          </span>
        </div>
        @if (isOpen(stage)) {
        <div class="grid" [id]="'adm-stage-body-' + i">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Gate id</mat-label>
            <input matInput formControlName="gate" placeholder="G1" />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="span2">
            <mat-label>Stage name</mat-label>
            <input matInput formControlName="name" placeholder="Intake Approval" />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Phase</mat-label>
            <mat-select formControlName="phase">
              @for (p of phases; track p) {
                <mat-option [value]="p">{{ p }}</mat-option>
              }
            </mat-select>
          </mat-form-field>

          @if (stage.controls.parallel.length === 0) {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="span3">
              <mat-label>Agent</mat-label>
              <mat-select formControlName="agent">
                @for (group of agentGroups(); track group.category) {
                  <mat-optgroup [label]="group.category">
                    @for (agent of group.agents; track agent.slug) {
                      <mat-option [value]="agent.slug">{{ agent.name }} <small>· {{ agent.slug }} · {{ agent.tier }}</small></mat-option>
                    }
                  </mat-optgroup>
                }
              </mat-select>
              @if (agentRole(stage.controls.agent.value); as role) {
                <mat-hint>{{ role }}</mat-hint>
              }
            </mat-form-field>
            <button mat-button type="button" class="par-btn" (click)="makeParallel(stage)"><mat-icon>call_split</mat-icon>Parallel agents</button>
          } @else {
            <div class="parallel span4" formArrayName="parallel">
              <div class="label">Agents running in parallel</div>
              @for (p of stage.controls.parallel.controls; track p; let j = $index) {
                <div class="prow" [formGroupName]="j">
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>Agent {{ j + 1 }}</mat-label>
                    <mat-select formControlName="agent">
                      @for (agent of agents(); track agent.slug) {
                        <mat-option [value]="agent.slug">{{ agent.name }} <small>· {{ agent.slug }}</small></mat-option>
                      }
                    </mat-select>
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>Role in this stage</mat-label>
                    <input matInput formControlName="role" placeholder="writer" />
                  </mat-form-field>
                  <button mat-icon-button type="button" aria-label="Remove agent" (click)="removeParallel(stage, j)"><mat-icon>close</mat-icon></button>
                </div>
              }
              <button mat-button type="button" (click)="stage.controls.parallel.push(parallel())"><mat-icon>add</mat-icon>Add agent</button>
            </div>
          }

          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="span2">
            <mat-label>Model</mat-label>
            <mat-select formControlName="model">
              <mat-option value="">Router decides (agent hint, else tier default)</mat-option>
              @for (tier of tiers; track tier) {
                <mat-optgroup [label]="tier + ' tier'">
                  @for (model of modelsOf(tier); track model.id) {
                    <mat-option [value]="model.id">{{ model.id }} <small>· {{ model.provider }} · {{ price(model) }}</small></mat-option>
                  }
                </mat-optgroup>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Tier</mat-label>
            <mat-select formControlName="tier">
              <mat-option value="">From the agent</mat-option>
              @for (tier of tiers; track tier) {
                <mat-option [value]="tier">{{ tier }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Routing</mat-label>
            <mat-select formControlName="routingMode">
              <mat-option value="static">Static (model, agent hint, tier)</mat-option>
              <mat-option value="auto">Auto: cheapest model that passes</mat-option>
            </mat-select>
            <mat-hint>{{ stage.controls.routingMode.value === 'auto' && stage.controls.model.value ? 'A pinned model wins over auto' : 'Auto learns from attempts and experiments' }}</mat-hint>
          </mat-form-field>
          @if (stage.controls.routingMode.value === 'auto') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Target first-attempt pass rate</mat-label>
              <input matInput type="number" formControlName="targetPassRate" min="0.5" max="0.999" step="0.01" />
              <mat-hint>Quality floor, 0.5–0.999</mat-hint>
            </mat-form-field>
          }
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Contract</mat-label>
            <input matInput formControlName="contract" [placeholder]="stage.controls.gate.value || 'G1'" list="adm-contracts" />
            <mat-hint>Default: the gate id</mat-hint>
          </mat-form-field>

          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="span2">
            <mat-label>Condition (optional)</mat-label>
            <input matInput formControlName="condition" placeholder="audience == 'expert'" />
            <mat-hint>The stage is skipped when this is false</mat-hint>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="span2">
            <mat-label>May modify (earlier files)</mat-label>
            <input matInput formControlName="mayModify" placeholder="essay/index.html, essay/*.md" data-testid="may-modify" />
            <mat-hint>Write scope: the stage writes its contract's outputs and only these earlier files (globs); default none</mat-hint>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Input tokens</mat-label>
            <input matInput type="number" formControlName="inputTokens" min="0" />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Output tokens</mat-label>
            <input matInput type="number" formControlName="outputTokens" min="0" />
          </mat-form-field>

          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Attempts</mat-label>
            <input matInput type="number" formControlName="maxAttempts" min="1" max="10" placeholder="QA default" aria-label="Maximum attempts" />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="span3">
            <mat-label>Gate instructions (optional)</mat-label>
            <textarea matInput formControlName="instructions" rows="1"></textarea>
          </mat-form-field>
        </div>
        }
      </fieldset>
    }
    <button mat-stroked-button type="button" (click)="add()"><mat-icon>add</mat-icon>Add stage</button>
    <datalist id="adm-contracts">
      @for (contract of contracts(); track contract.gate) {
        <option [value]="contract.gate">{{ contract.name ?? contract.gate }}</option>
      }
    </datalist>
  `,
  styles: `
    .stage {
      border: 1px solid var(--mat-sys-outline-variant);
      border-left: 4px solid var(--mat-sys-primary);
      border-radius: var(--mat-sys-corner-medium);
      padding: 0.5rem 1rem 1rem;
      margin: 0 0 1rem;
      /* Clear of the sticky top bar when the outline jumps here. */
      scroll-margin-top: 4.5rem;
      /* A fieldset is as wide as its content by default: a long summary line would push it out of the panel. */
      min-width: 0;
    }
    .stage.closed {
      padding-bottom: 0.5rem;
    }
    .stage-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .moves {
      display: flex;
      flex-shrink: 0;
    }
    .toggle {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      min-width: 0;
      flex: 1;
      padding: 0.35rem 0.25rem;
      border: 0;
      border-radius: var(--mat-sys-corner-small);
      background: none;
      color: inherit;
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .toggle:hover {
      background: var(--mat-sys-surface-container);
    }
    .summary {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--mat-sys-on-surface-variant);
    }
    .bad-note,
    .jump.bad {
      color: var(--mat-sys-error);
    }
    .bad-note {
      display: inline-flex;
      align-items: center;
      gap: 0.2rem;
      white-space: nowrap;
    }
    .bad-note mat-icon,
    .warn {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    .outline {
      margin: 0 0 1rem;
      padding: 0.5rem 0.75rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-low);
    }
    .outline-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      flex-wrap: wrap;
    }
    .outline ol {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
      margin: 0.25rem 0 0;
      padding: 0;
      list-style: none;
    }
    .jump {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      padding: 0.25rem 0.6rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 999px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-label-medium);
      cursor: pointer;
    }
    .jump:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .gid {
      font-family: var(--esy-font-mono, monospace);
      color: var(--mat-sys-primary);
    }
    .num {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-primary);
      white-space: nowrap;
      flex-shrink: 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: 0.75rem;
      align-items: start;
    }
    .span2 {
      grid-column: span 2;
    }
    .span3 {
      grid-column: span 3;
    }
    .span4 {
      grid-column: 1 / -1;
    }
    .par-btn {
      align-self: center;
    }
    .parallel {
      padding: 0.5rem;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface-container);
    }
    .prow {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto;
      gap: 0.6rem;
      margin-bottom: 0.5rem;
    }
    .label {
      font: var(--mat-sys-label-medium);
      margin-bottom: 0.5rem;
    }
    small {
      color: var(--mat-sys-on-surface-variant);
    }
    /* Phones: two columns, wide fields and parallel agents on full rows. */
    @media (max-width: 600px) {
      .grid {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
      .span3,
      .span2 {
        grid-column: 1 / -1;
      }
      .prow {
        grid-template-columns: minmax(0, 1fr) auto;
      }
      .prow > :nth-child(2) {
        grid-column: 1;
      }
    }
  `,
})
export class StageBuilderComponent {
  readonly stages = input.required<FormArray<StageGroup>>();
  readonly agents = input<AgentSummary[]>([]);
  readonly models = input<AdminModel[]>([]);
  /** Contracts in the content tree (the contract picker's suggestions). */
  readonly contracts = input<ContractSummary[]>([]);
  protected readonly phases = PHASES;
  protected readonly tiers = TIERS;
  protected readonly parallel = () => parallelAgentGroup();
  protected readonly agentGroups = computed(() => {
    const groups = new Map<string, AgentSummary[]>();
    for (const agent of this.agents()) groups.set(agent.category, [...(groups.get(agent.category) ?? []), agent]);
    return [...groups].map(([category, agents]) => ({ category, agents }));
  });

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  /** Open or closed per stage, once the creator chose; otherwise short pipelines open and long ones collapsed. */
  private readonly openState = signal<ReadonlyMap<StageGroup, boolean>>(new Map());

  protected isOpen(stage: StageGroup): boolean {
    return this.openState().get(stage) ?? this.stages().length <= COLLAPSE_FROM - 1;
  }

  protected setOpen(stage: StageGroup, open: boolean): void {
    this.openState.update((state) => new Map(state).set(stage, open));
  }

  protected setAll(open: boolean): void {
    this.openState.set(new Map(this.stages().controls.map((stage) => [stage, open])));
  }

  /** Outline link: opens the stage and brings it (its toggle focused) into view. */
  protected jumpTo(stage: StageGroup, index: number): void {
    this.setOpen(stage, true);
    setTimeout(() => {
      const target = this.host.nativeElement.querySelector<HTMLElement>(`#adm-stage-${index}`);
      const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
      target?.scrollIntoView?.({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
      target?.querySelector<HTMLElement>('.toggle')?.focus({ preventScroll: true });
    });
  }

  protected agentsOf(stage: StageGroup): string {
    const parallel = stage.controls.parallel.controls.map((p) => p.controls.agent.value).filter(Boolean);
    return parallel.length ? parallel.join(' + ') : stage.controls.agent.value || 'no agent';
  }

  protected modelsOf(tier: string): AdminModel[] {
    return this.models().filter((m) => m.tier === tier && m.active);
  }
  protected price = priceOf;

  protected agentRole(slug: string): string | null {
    return this.agents().find((a) => a.slug === slug)?.role ?? null;
  }

  protected add(): void {
    const n = this.stages().length + 1;
    const stage = stageGroup({ gate: `G${n}` });
    this.stages().push(stage);
    this.setOpen(stage, true);
  }

  protected move(index: number, by: number): void {
    const stages = this.stages();
    const control = stages.at(index);
    stages.removeAt(index, { emitEvent: false });
    stages.insert(index + by, control);
  }

  protected makeParallel(stage: StageGroup): void {
    const current = stage.controls.agent.value;
    stage.controls.parallel.push(parallelAgentGroup({ agent: current, role: '' }));
    stage.controls.parallel.push(parallelAgentGroup());
    stage.controls.agent.setValue('');
  }

  protected removeParallel(stage: StageGroup, index: number): void {
    stage.controls.parallel.removeAt(index);
    if (stage.controls.parallel.length === 1) {
      stage.controls.agent.setValue(stage.controls.parallel.at(0).controls.agent.value);
      stage.controls.parallel.clear();
    }
  }
}
