import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { ThemeService } from './theme.service';

const LABELS = {
  system: { icon: 'brightness_auto', text: 'Theme: follows your system' },
  light: { icon: 'light_mode', text: 'Theme: light' },
  dark: { icon: 'dark_mode', text: 'Theme: dark' },
} as const;

/** One button that cycles system → light → dark; the tooltip and label say which is active. */
@Component({
  selector: 'esy-theme-toggle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconButton, MatIcon, MatTooltip],
  template: `
    <button
      mat-icon-button
      type="button"
      (click)="theme.cycle()"
      [matTooltip]="current().text + ' (click to change)'"
      [attr.aria-label]="current().text + '. Change theme'"
    >
      <mat-icon aria-hidden="true">{{ current().icon }}</mat-icon>
    </button>
  `,
})
export class ThemeToggleComponent {
  protected readonly theme = inject(ThemeService);
  protected readonly current = computed(() => LABELS[this.theme.preference()]);
}
