import type { ActivatedRouteSnapshot, ViewTransitionInfo } from '@angular/router';

/** The top-level route a snapshot belongs to: the sign-in page, the register page or the signed-in shell. */
function area(root: ActivatedRouteSnapshot): string | undefined {
  return root.firstChild?.routeConfig?.path;
}

/**
 * Crossfades only between pages of the same layout. Between the full-screen sign-in page and the shell a crossfade
 * shows one layout through the other (on a phone, the sign-in form over the dashboard), and people who asked for
 * reduced motion get no animation at all.
 */
export function crossfadeWithinOneLayout({ transition, from, to }: ViewTransitionInfo): void {
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (reduced || area(from) !== area(to)) transition.skipTransition();
}
