import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

/** System health: reliability matrix, fail codes, cost trend. */
@Component({
  selector: 'adm-health-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="System health" lead="Where gates fail, on which models, and how cost is trending." />
      <esy-empty-state icon="health_metrics" title="Not enough runs yet" message="The reliability matrix (gate × model), top fail codes and the cost trend fill in as runs complete." />
    </div>
  `,
})
export default class HealthPage {}
