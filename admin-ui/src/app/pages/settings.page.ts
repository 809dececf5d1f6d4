import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

/** Platform settings: retry defaults, budgets. */
@Component({
  selector: 'adm-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Settings" lead="Retry defaults and budgets that apply to every run." />
      <esy-empty-state icon="settings" title="Settings are not editable here yet" message="Retry defaults and cost budgets will be managed on this page." />
    </div>
  `,
})
export default class SettingsPage {}
