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
      <esy-empty-state icon="cloud_off" title="Not available on this server" message="Experiments run several models on the same gate inputs and compare pass rate, score and cost. This server has no experiments API yet, so nothing can be started here." />
    </div>
  `,
})
export default class ExperimentsPage {}
