import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** "Nothing here yet" with what to do about it; actions are projected (buttons, links). */
@Component({
  selector: 'esy-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon],
  template: `
    <div class="art" aria-hidden="true"><mat-icon>{{ icon() }}</mat-icon></div>
    <!-- A state that is the whole page (not found) needs the page's one h1; inside a page it is a section. -->
    @if (level() === 1) {
      <h1>{{ title() }}</h1>
    } @else {
      <h2>{{ title() }}</h2>
    }
    @if (message()) {
      <p>{{ message() }}</p>
    }
    <div class="actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      gap: 0.5rem;
      padding: 3rem 1.5rem;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-large);
      background: color-mix(in srgb, var(--mat-sys-surface-container-low) 60%, transparent);
    }
    .art {
      display: grid;
      place-items: center;
      width: 4rem;
      height: 4rem;
      margin-bottom: 0.5rem;
      border-radius: 50%;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .art mat-icon {
      width: 2rem;
      height: 2rem;
      font-size: 2rem;
    }
    h1,
    h2 {
      margin: 0;
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-on-surface);
    }
    p {
      margin: 0;
      max-width: 44ch;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .actions:not(:empty) {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: 0.5rem;
      margin-top: 0.75rem;
    }
  `,
})
export class EmptyStateComponent {
  readonly icon = input('inbox');
  readonly level = input<1 | 2>(2);
  readonly title = input.required<string>();
  readonly message = input<string>();
}
