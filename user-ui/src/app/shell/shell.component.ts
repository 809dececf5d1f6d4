import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { UserMenuComponent } from '@esy/ui-auth';
import { NavListComponent, shellDrawer, ThemeToggleComponent } from '@esy/ui-kit';
import { NotificationBellComponent } from '../notifications/notification-bell.component';
import { PRIMARY_NAV, SECONDARY_NAV } from './nav-items';

/** Toolbar + side navigation; on phones the navigation becomes a drawer behind the menu button. */
@Component({
  selector: 'esy-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    MatToolbar,
    MatIcon,
    MatIconButton,
    ThemeToggleComponent,
    NavListComponent,
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
  private readonly drawer = shellDrawer('(max-width: 840px)');
  protected readonly isPhone = this.drawer.isNarrow;
  protected readonly drawerOpen = this.drawer.open;
}
