import { BreakpointObserver } from '@angular/cdk/layout';
import { DOCUMENT } from '@angular/common';
import { inject, signal, type Signal, type WritableSignal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, map } from 'rxjs';

export interface ShellDrawer {
  /** True below the app's breakpoint: the navigation is a drawer behind the menu button. */
  readonly isNarrow: Signal<boolean>;
  readonly open: WritableSignal<boolean>;
}

/**
 * The behaviour both shells share (call in the shell's constructor or a field initialiser): the navigation becomes
 * a drawer under `narrowQuery`; a drawer left open over the page after choosing a destination would hide it, so it
 * closes on navigation; and when the page (not just its query) changes, focus moves to `#main-content`, so keyboard
 * and screen-reader users start at the content.
 */
export function shellDrawer(narrowQuery: string): ShellDrawer {
  const isNarrow = toSignal(
    inject(BreakpointObserver)
      .observe(narrowQuery)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  const open = signal(false);
  const document = inject(DOCUMENT);
  let lastPath = '';
  inject(Router)
    .events.pipe(
      filter((event) => event instanceof NavigationEnd),
      takeUntilDestroyed(),
    )
    .subscribe((event) => {
      open.set(false);
      const path = event.urlAfterRedirects.split(/[?#]/)[0];
      if (lastPath && path !== lastPath) setTimeout(() => document.getElementById('main-content')?.focus({ preventScroll: true }));
      lastPath = path;
    });
  return { isNarrow, open };
}
