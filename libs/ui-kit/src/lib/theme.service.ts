import { DOCUMENT } from '@angular/common';
import { computed, effect, inject, Injectable, signal } from '@angular/core';

export type ThemePreference = 'system' | 'light' | 'dark';

/** Same key the inline script in each app's index.html reads, so the first paint already has the right scheme. */
export const THEME_STORAGE_KEY = 'esy.theme';

const ORDER: readonly ThemePreference[] = ['system', 'light', 'dark'];

function isPreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (ORDER as readonly string[]).includes(value);
}

/**
 * Light / dark / follow-the-system. The Material theme is emitted with `light-dark()` colours, so switching is
 * just setting `color-scheme` on <html>; "system" leaves it to `prefers-color-scheme`.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly window = this.document.defaultView;
  private readonly media = this.window?.matchMedia?.('(prefers-color-scheme: dark)');

  readonly preference = signal<ThemePreference>(this.readStored());
  private readonly systemDark = signal(this.media?.matches ?? false);
  readonly isDark = computed(() => {
    const preference = this.preference();
    return preference === 'dark' || (preference === 'system' && this.systemDark());
  });

  constructor() {
    this.media?.addEventListener?.('change', (event) => this.systemDark.set(event.matches));
    effect(() => {
      const preference = this.preference();
      this.document.documentElement.style.colorScheme = preference === 'system' ? 'light dark' : preference;
      this.document.documentElement.dataset['theme'] = preference;
      try {
        this.window?.localStorage.setItem(THEME_STORAGE_KEY, preference);
      } catch {
        // Storage can be disabled (private mode, policies); the choice then lasts for this page only.
      }
    });
  }

  /** system → light → dark → system. */
  cycle(): void {
    const next = ORDER[(ORDER.indexOf(this.preference()) + 1) % ORDER.length];
    this.preference.set(next);
  }

  private readStored(): ThemePreference {
    try {
      const stored = this.window?.localStorage.getItem(THEME_STORAGE_KEY);
      return isPreference(stored) ? stored : 'system';
    } catch {
      return 'system';
    }
  }
}
