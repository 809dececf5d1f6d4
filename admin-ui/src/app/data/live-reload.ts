import { DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { debounceTime, filter } from 'rxjs';
import { AdminEvent, AdminEvents } from './admin-events';

/**
 * Calls `reload` shortly after events that change what a page shows (bursts of events coalesce into one reload).
 * Streamed model text (`gate_output`) never triggers a reload: it changes no stored row.
 */
export function reloadOnEvents(reload: () => void, matches: (event: AdminEvent) => boolean = () => true, debounceMs = 400): void {
  const destroyRef = inject(DestroyRef);
  inject(AdminEvents)
    .events(destroyRef)
    .pipe(
      filter((event) => event.type !== 'gate_output' && matches(event)),
      debounceTime(debounceMs),
      takeUntilDestroyed(destroyRef),
    )
    .subscribe(() => reload());
}
