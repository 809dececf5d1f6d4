import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** One destination of an app's navigation. */
export interface NavItem {
  label: string;
  icon: string;
  link: string;
  /** Only highlight on an exact match (the dashboard at "/"). */
  exact?: boolean;
}

/** A titled group of destinations (the console groups by what an operator is doing). */
export interface NavSection {
  title: string;
  items: readonly NavItem[];
}

/** The navigation list of both apps' shells: the current page is highlighted and announced (aria-current). */
@Component({
  selector: 'esy-nav-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, MatNavList, MatListItem, MatListItemIcon, MatListItemTitle, MatIcon],
  template: `
    <mat-nav-list>
      @for (item of items(); track item.link) {
        <a
          mat-list-item
          [routerLink]="item.link"
          routerLinkActive
          #active="routerLinkActive"
          [routerLinkActiveOptions]="{ exact: !!item.exact }"
          [activated]="active.isActive"
          [attr.aria-current]="active.isActive ? 'page' : null"
        >
          <mat-icon matListItemIcon aria-hidden="true">{{ item.icon }}</mat-icon>
          <span matListItemTitle>{{ item.label }}</span>
        </a>
      }
    </mat-nav-list>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-nav-list {
      padding: 0;
    }
    a {
      margin-bottom: var(--esy-nav-item-gap, 0.1rem);
    }
  `,
})
export class NavListComponent {
  readonly items = input.required<readonly NavItem[]>();
}
