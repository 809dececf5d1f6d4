import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { WorkflowCard } from '../data/view-models';
import { depthLabel, typeIcon, typeLabel } from './workflow-words';

/** A template as a card: what it makes, what you get, how long it takes. The whole card is one link. */
@Component({
  selector: 'esy-workflow-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatIcon],
  template: `
    @let w = workflow();
    <a class="card" [routerLink]="['/workflows', w.slug]" [attr.data-slug]="w.slug">
      <div class="top">
        <span class="type" [attr.data-type]="w.type"><mat-icon aria-hidden="true">{{ icon() }}</mat-icon>{{ type() }}</span>
        <span class="depth">{{ depth() }}</span>
      </div>
      <h3>{{ w.name }}</h3>
      <p class="description">{{ w.description }}</p>
      @if (w.whatYouGet.length) {
        <ul class="gets" aria-label="What you get">
          @for (item of w.whatYouGet.slice(0, 3); track $index) {
            <li><mat-icon aria-hidden="true">check</mat-icon>{{ item }}</li>
          }
        </ul>
      }
      <div class="meta">
        @if (w.estimatedTime) {
          <span><mat-icon aria-hidden="true">schedule</mat-icon>{{ w.estimatedTime }}</span>
        }
        <span><mat-icon aria-hidden="true">format_list_numbered</mat-icon>{{ w.stepCount }} steps</span>
        <span class="go" aria-hidden="true">Start <mat-icon>arrow_forward</mat-icon></span>
      </div>
    </a>
  `,
  styles: `
    :host {
      display: block;
    }
    .card {
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
      height: 100%;
      box-sizing: border-box;
      padding: 1.25rem;
      border-radius: var(--mat-sys-corner-large);
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container-lowest);
      color: inherit;
      text-decoration: none;
      transition: box-shadow 0.15s, border-color 0.15s, transform 0.15s;
    }
    .card:hover {
      border-color: var(--mat-sys-primary);
      box-shadow: var(--mat-sys-level2);
      transform: translateY(-1px);
    }
    .top {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .type {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      padding: 0.2rem 0.6rem 0.2rem 0.45rem;
      border-radius: 999px;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
      font: var(--mat-sys-label-medium);
    }
    .type[data-type='research'] {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .type[data-type='infographic'] {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .type mat-icon,
    .meta mat-icon,
    .gets mat-icon {
      width: 1rem;
      height: 1rem;
      font-size: 1rem;
    }
    .depth {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    h3 {
      margin: 0.2rem 0 0;
      font: var(--mat-sys-title-large);
      font-weight: 650;
      letter-spacing: -0.01em;
    }
    .description {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      display: -webkit-box;
      -webkit-line-clamp: 3;
      line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .gets {
      display: grid;
      gap: 0.3rem;
      margin: 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-medium);
    }
    .gets li {
      display: flex;
      gap: 0.4rem;
      align-items: flex-start;
    }
    .gets mat-icon {
      /* A wrapping line must not squeeze the tick. */
      flex: none;
      margin-top: 0.15rem;
      color: var(--esy-success);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35rem 1rem;
      margin-top: auto;
      padding-top: 0.6rem;
      border-top: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .meta span {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
    }
    .go {
      margin-left: auto;
      color: var(--mat-sys-primary);
    }
    @media (prefers-reduced-motion: reduce) {
      .card {
        transition: none;
      }
      .card:hover {
        transform: none;
      }
    }
  `,
})
export class WorkflowCardComponent {
  readonly workflow = input.required<WorkflowCard>();
  protected readonly type = computed(() => typeLabel(this.workflow().type));
  protected readonly icon = computed(() => typeIcon(this.workflow().type));
  protected readonly depth = computed(() => depthLabel(this.workflow().depth));
}
