import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

/** Models and providers: pricing, tiers, usage, credential status. */
@Component({
  selector: 'adm-models-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Models & providers" lead="Prices, tiers and usage of every model, and whether each provider is configured." />
      <esy-empty-state icon="memory" title="No models listed" message="Models from the catalog appear here with their price per million tokens and this month's usage." />
    </div>
  `,
})
export default class ModelsPage {}
