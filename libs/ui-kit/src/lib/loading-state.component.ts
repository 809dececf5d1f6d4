import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * Skeleton placeholders shaped like what is loading (cards, rows or lines), announced once to screen readers.
 * Skeletons instead of a spinner keep the layout from jumping when the data arrives.
 */
@Component({
  selector: 'esy-loading-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'aria-live': 'polite', '[attr.data-shape]': 'shape()' },
  template: `
    <span class="visually-hidden">{{ label() }}</span>
    @for (item of items(); track item) {
      <div class="skeleton" aria-hidden="true">
        @if (shape() !== 'lines') {
          <div class="bar wide"></div>
          <div class="bar"></div>
          <div class="bar short"></div>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.75rem;
    }
    :host([data-shape='cards']) {
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr));
      gap: 1rem;
    }
    .skeleton {
      display: grid;
      gap: 0.6rem;
      align-content: start;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container);
      padding: 1rem;
      animation: esy-pulse 1.4s ease-in-out infinite;
    }
    :host([data-shape='cards']) .skeleton {
      min-height: 9rem;
      border-radius: var(--mat-sys-corner-large);
    }
    :host([data-shape='rows']) .skeleton {
      grid-template-columns: 2fr 1fr 1fr;
      align-items: center;
      padding: 0.9rem 1rem;
    }
    :host([data-shape='lines']) .skeleton {
      height: 0.9rem;
      padding: 0;
      border-radius: 999px;
    }
    :host([data-shape='lines']) .skeleton:last-child {
      width: 60%;
    }
    .bar {
      height: 0.7rem;
      width: 70%;
      border-radius: 999px;
      background: var(--mat-sys-surface-container-highest);
    }
    .bar.wide {
      width: 90%;
      height: 0.9rem;
    }
    .bar.short {
      width: 40%;
    }
    @keyframes esy-pulse {
      50% {
        opacity: 0.55;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .skeleton {
        animation: none;
      }
    }
  `,
})
export class LoadingStateComponent {
  readonly label = input('Loading…');
  readonly shape = input<'cards' | 'rows' | 'lines'>('rows');
  readonly count = input(3);
  protected readonly items = computed(() => Array.from({ length: this.count() }, (_, index) => index));
}
