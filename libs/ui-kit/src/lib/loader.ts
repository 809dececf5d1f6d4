import { computed, type Signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { toApiProblem, type ApiProblem } from '@esy/api-client';
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

/** An rxResource with safe reads: pages show loading, error and empty states without guarding every read. */
export function loader<T, P>(options: { params: () => P; stream: (params: P) => Observable<T> }): Loader<T>;
export function loader<T>(options: { stream: () => Observable<T> }): Loader<T>;
export function loader<T, P>(options: { params?: () => P; stream: (params: P) => Observable<T> }): Loader<T> {
  const resource = options.params
    ? rxResource<T, P>({ params: options.params, stream: ({ params }) => options.stream(params) })
    : rxResource<T, void>({ stream: () => options.stream(undefined as P) });
  return {
    data: computed(() => (resource.hasValue() ? resource.value() : undefined)),
    isLoading: resource.isLoading,
    hasValue: () => resource.hasValue(),
    error: resource.error,
    problem: computed(() => (resource.error() ? toApiProblem(resource.error()) : null)),
    reload: () => resource.reload(),
  };
}

