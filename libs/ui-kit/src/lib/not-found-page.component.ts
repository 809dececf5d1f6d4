import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { EmptyStateComponent } from './empty-state.component';

/** The `**` route of both apps (inside their shell, so the navigation stays). */
@Component({
  selector: 'esy-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-empty-state [level]="1" icon="explore_off" title="This page does not exist" message="The link may be old, or the address mistyped.">
        <a mat-flat-button routerLink="/">Go to the dashboard</a>
      </esy-empty-state>
    </div>
  `,
})
export class NotFoundPageComponent {}
