import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';

/** Run detail: gate timeline, gate inspector, artifacts, cost, log (built in the admin-ui issue). */
@Component({
  selector: 'adm-run-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, PageHeaderComponent, LoadingStateComponent],
  template: `
    <div class="esy-page">
      <a mat-button routerLink="/runs" class="back"><mat-icon aria-hidden="true">arrow_back</mat-icon>Runs</a>
      <esy-page-header eyebrow="Run" [title]="id()" />
      <h2>Gate timeline</h2>
      <esy-loading-state shape="cards" [count]="5" label="Loading gates" />
    </div>
  `,
  styles: `
    .back {
      margin: 0 0 0.5rem -0.75rem;
    }
    h2 {
      margin: 0 0 0.75rem;
      font: var(--mat-sys-title-medium);
    }
  `,
})
export default class RunDetailPage {
  readonly id = input.required<string>();
}
