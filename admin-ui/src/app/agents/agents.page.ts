import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { AdminApi, type AgentSummary } from '../data/admin-api';
import { loader } from '@esy/api-client';

/** Agents registry: definitions grouped by category, where each is used, and the full definition on demand. */
@Component({
  selector: 'adm-agents-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormField, MatLabel, MatPrefix, MatInput, MatIcon, PageHeaderComponent, ErrorStateComponent, LoadingStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Agents" lead="The specialist roles gates invoke, grouped by category, with where each is used." />
      @if (agents.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="agents.reload()" />
      } @else if (agents.data()) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="search">
          <mat-label>Filter agents</mat-label>
          <mat-icon matPrefix aria-hidden="true">search</mat-icon>
          <input matInput type="search" [formControl]="filter" />
        </mat-form-field>
        <div class="layout">
          <div class="list">
            @for (group of groups(); track group.category) {
              <section>
                <h2>{{ group.category }} <small>{{ group.agents.length }}</small></h2>
                @for (agent of group.agents; track agent.slug) {
                  <button type="button" class="agent" [class.on]="selected()?.slug === agent.slug" (click)="open(agent)" [attr.data-agent]="agent.slug">
                    <span class="name">{{ agent.name }} <span class="tier" [attr.data-tier]="agent.tier">{{ agent.tier }}</span></span>
                    <span class="role">{{ agent.role }}</span>
                    <span class="use">{{ agent.gates.length ? 'Gates ' + agent.gates.join(', ') : 'Not used by a live template' }} · {{ agent.specs.length }} spec version(s)</span>
                  </button>
                }
              </section>
            }
          </div>
          <aside class="adm-panel detail" aria-live="polite">
            @if (selected(); as a) {
              <h2>{{ a.name }}</h2>
              <p class="role">{{ a.role }}</p>
              <dl>
                <dt>Slug</dt><dd class="adm-mono">{{ a.slug }}</dd>
                <dt>Tier</dt><dd>{{ a.tier }}@if (a.model) { · hint <span class="adm-mono">{{ a.model }}</span> }</dd>
                <dt>Tools</dt><dd class="adm-mono">{{ a.tools.join(', ') }}</dd>
                <dt>Capabilities</dt><dd>{{ a.capabilities.join(', ') || '—' }}</dd>
                <dt>Limits</dt><dd>{{ a.max_output_tokens ?? 'default' }} output tokens · {{ a.max_tool_rounds ?? 'default' }} tool rounds</dd>
                <dt>File</dt><dd class="adm-mono">{{ a.file }}</dd>
              </dl>
              <h3>Used by</h3>
              <ul>
                @for (use of a.specs; track use.spec_id) {
                  <li><a [routerLink]="['/templates', use.template_id]">{{ use.template_name }}</a> v{{ use.version }}@if (use.active) { (live) } — {{ use.gates.join(', ') }}</li>
                } @empty {
                  <li>No template uses it.</li>
                }
              </ul>
              <h3>System prompt</h3>
              @if (definition.data(); as d) {
                <pre class="adm-pre" data-testid="agent-body">{{ d.body }}</pre>
              } @else if (definition.problem(); as problem) {
                <p class="muted" role="alert">Could not load the definition: {{ problem.message }}</p>
              } @else {
                <p class="muted">Loading…</p>
              }
            } @else {
              <p class="muted">Choose an agent to read its full definition.</p>
            }
          </aside>
        </div>
      } @else {
        <esy-loading-state shape="rows" [count]="6" label="Loading agents" />
      }
    </div>
  `,
  styles: `
    .search {
      width: 24rem;
      margin-bottom: 1rem;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
      gap: 1.25rem;
      align-items: start;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      text-transform: capitalize;
      margin: 0.5rem 0;
    }
    h2 small {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-medium);
    }
    .agent {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
      width: 100%;
      text-align: left;
      padding: 0.6rem 0.8rem;
      margin-bottom: 0.4rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface);
      color: inherit;
      font: inherit;
      cursor: pointer;
    }
    .agent.on {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-secondary-container);
    }
    .name {
      font-weight: 600;
    }
    .role,
    .use {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .tier {
      margin-left: 0.3rem;
      padding: 0 0.35rem;
      border-radius: 4px;
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      background: var(--mat-sys-surface-container-highest);
    }
    .detail {
      position: sticky;
      top: 1rem;
    }
    dl {
      display: grid;
      grid-template-columns: 7rem 1fr;
      gap: 0.25rem 0.5rem;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 1rem 0 0.4rem;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export default class AgentsPage {
  private readonly api = inject(AdminApi);
  protected readonly agents = loader({ stream: () => this.api.agents() });
  protected readonly selected = signal<AgentSummary | null>(null);
  /** The full definition of the agent chosen (its system prompt is not in the list). */
  protected readonly definition = loader({
    params: () => this.selected()?.slug,
    stream: (slug) => this.api.agent(slug),
  });
  protected readonly filter = new FormControl('', { nonNullable: true });
  private readonly filterText = toSignal(this.filter.valueChanges, { initialValue: '' });
  protected readonly groups = computed(() => {
    const q = this.filterText().trim().toLowerCase();
    return (this.agents.data()?.categories ?? [])
      .map((c) => ({ category: c.category, agents: c.agents.filter((a) => !q || `${a.slug} ${a.name} ${a.role}`.toLowerCase().includes(q)) }))
      .filter((c) => c.agents.length > 0);
  });

  protected open(agent: AgentSummary): void {
    this.selected.set(agent);
  }
}
