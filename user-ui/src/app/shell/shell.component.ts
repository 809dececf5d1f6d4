import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { UserMenuComponent } from '@esy/ui-auth';
import { ThemeToggleComponent } from '@esy/ui-kit';
import { filter, map } from 'rxjs';
import { NotificationBellComponent } from '../notifications/notification-bell.component';
import { PRIMARY_NAV, SECONDARY_NAV } from './nav-items';

/** Toolbar + side navigation; on phones the navigation becomes a drawer behind the menu button. */
@Component({
  selector: 'esy-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    MatToolbar,
    MatNavList,
    MatListItem,
    MatListItemIcon,
    MatListItemTitle,
    MatIcon,
    MatIconButton,
    ThemeToggleComponent,
    UserMenuComponent,
    NotificationBellComponent,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  protected readonly primaryNav = PRIMARY_NAV;
  protected readonly secondaryNav = SECONDARY_NAV;
  protected readonly accountLinks = [
    { label: 'API keys', icon: 'key', link: '/settings/api-keys' },
    { label: 'Webhooks', icon: 'webhook', link: '/settings/webhooks' },
    { label: 'Sessions', icon: 'devices', link: '/settings/sessions' },
    { label: 'Notifications', icon: 'notifications', link: '/settings/notifications' },
    { label: 'Change password', icon: 'password', link: '/account/password' },
  ];
  protected readonly isPhone = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 840px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly drawerOpen = signal(false);

  constructor() {
    // A drawer left open over the page after choosing a destination would hide it. And when the page (not just
    // its query) changes, focus moves to the main region so keyboard and screen-reader users start at the content.
    let lastPath = '';
    inject(Router)
      .events.pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe((event) => {
        this.drawerOpen.set(false);
        const path = event.urlAfterRedirects.split(/[?#]/)[0];
        if (lastPath && path !== lastPath) setTimeout(() => document.getElementById('main-content')?.focus({ preventScroll: true }));
        lastPath = path;
      });
  }
}
