import { computed, effect, linkedSignal, signal, untracked, type Signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { toApiProblem, type ApiProblem } from './api-error';
import type { Observable } from 'rxjs';

export interface Loader<T> {
  /** The loaded value, or undefined while loading or after an error (a resource's own value() throws then). */
  readonly data: Signal<T | undefined>;
  readonly isLoading: Signal<boolean>;
  readonly hasValue: () => boolean;
  readonly error: Signal<unknown>;
  /** The error in the API's terms (status, message, field errors), or null. */
  readonly problem: Signal<ApiProblem | null>;
  reload(): boolean;
}

export interface LoaderOptions {
  /**
   * Keep showing the previous value while new params load (a list being filtered as someone types), instead of
   * going back to the loading state. A reload() always keeps it.
   */
  keepWhileLoading?: boolean;
}

/**
 * How pages load data: an rxResource with safe reads, so a page shows its loading, error and empty states without
 * guarding every read. Params that return undefined leave it idle (nothing to load yet).
 */
export function loader<T, P>(options: { params: () => P; stream: (params: Exclude<P, undefined>) => Observable<T> } & LoaderOptions): Loader<T>;
export function loader<T>(options: { stream: () => Observable<T> } & LoaderOptions): Loader<T>;
export function loader<T, P>(options: { params?: () => P; stream: (params: Exclude<P, undefined>) => Observable<T> } & LoaderOptions): Loader<T> {
  const resource = options.params
    ? rxResource<T, P>({ params: options.params, stream: ({ params }) => options.stream(params) })
    : rxResource<T, void>({ stream: () => options.stream(undefined as Exclude<P, undefined>) });
  const current = computed(() => (resource.hasValue() ? resource.value() : undefined));
  // A resource ignores reload() during its first load, whose answer may predate whatever asked for the reload (a
  // live event): remember it and reload once that load ends.
  const reloadAsked = signal(false);
  effect(() => {
    if (reloadAsked() && resource.status() !== 'loading') {
      untracked(() => {
        reloadAsked.set(false);
        resource.reload();
      });
    }
  });
  return {
    data: options.keepWhileLoading
      ? linkedSignal<T | undefined, T | undefined>({
          source: current,
          computation: (next, previous) => (next === undefined && resource.isLoading() ? previous?.value : next),
        })
      : current,
    isLoading: resource.isLoading,
    hasValue: () => resource.hasValue(),
    error: resource.error,
    problem: computed(() => (resource.error() ? toApiProblem(resource.error()) : null)),
    reload: () => {
      if (untracked(resource.status) !== 'loading') return resource.reload();
      reloadAsked.set(true);
      return true;
    },
  };
}

