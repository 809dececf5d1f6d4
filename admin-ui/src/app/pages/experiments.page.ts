import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

/** Model experiments (A/B at gate boundaries). */
@Component({
  selector: 'adm-experiments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Experiments" lead="Compare models at a gate boundary on the same inputs before switching." />
      <esy-empty-state icon="science" title="No experiments" message="An experiment runs two models on the same gate inputs and compares pass rate, quality and cost." />
    </div>
  `,
})
export default class ExperimentsPage {}
