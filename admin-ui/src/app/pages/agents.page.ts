import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

/** Agents registry: definitions and where each agent is used. */
@Component({
  selector: 'adm-agents-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Agents" lead="The specialist roles gates invoke, grouped by category, with where each is used." />
      <esy-empty-state icon="smart_toy" title="No agents loaded" message="Agents are read from the orchestration directory; they appear here with their full definition." />
    </div>
  `,
})
export default class AgentsPage {}
