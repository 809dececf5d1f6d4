import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** Page title (the page's one <h1>), an optional lead sentence, and projected actions on the right. */
@Component({
  selector: 'esy-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="titles">
      @if (eyebrow()) {
        <p class="eyebrow">{{ eyebrow() }}</p>
      }
      <h1>{{ title() }}</h1>
      @if (lead()) {
        <p class="lead">{{ lead() }}</p>
      }
    </div>
    <div class="actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      justify-content: space-between;
      gap: 1rem;
      margin-bottom: 1.5rem;
    }
    .titles {
      min-width: 0;
    }
    .eyebrow {
      margin: 0 0 0.25rem;
      font: var(--mat-sys-label-large);
      letter-spacing: 0.04em;
      text-transform: uppercase;
      color: var(--mat-sys-primary);
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-medium);
      font-weight: 650;
      letter-spacing: -0.015em;
      color: var(--mat-sys-on-surface);
      overflow-wrap: anywhere;
    }
    .lead {
      margin: 0.35rem 0 0;
      max-width: 70ch;
      font: var(--mat-sys-body-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .actions:empty {
      display: none;
    }
  `,
})
export class PageHeaderComponent {
  readonly title = input.required<string>();
  readonly lead = input<string>();
  readonly eyebrow = input<string>();
}
