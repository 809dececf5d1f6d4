import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { UserMenuComponent } from '@esy/ui-auth';
import { NavListComponent, shellDrawer, ThemeToggleComponent } from '@esy/ui-kit';
import { NAV_SECTIONS } from './nav-sections';

/**
 * Operator console frame: a dark navigation rail that is always there on desktop (it becomes a drawer on narrow
 * windows) and a slim toolbar.
 */
@Component({
  selector: 'adm-shell',
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
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  protected readonly sections = NAV_SECTIONS;
  protected readonly accountLinks = [
    { label: 'Sessions', icon: 'devices', link: '/account/sessions' },
    { label: 'Change password', icon: 'password', link: '/account/password' },
  ];
  private readonly drawer = shellDrawer('(max-width: 1023.98px)');
  protected readonly isNarrow = this.drawer.isNarrow;
  protected readonly drawerOpen = this.drawer.open;
}
