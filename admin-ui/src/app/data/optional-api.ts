import { HttpErrorResponse } from '@angular/common/http';
import { toApiProblem } from '@esy/api-client';
import { catchError, map, Observable, of } from 'rxjs';

/** A read of an admin route that may not exist on this server: the page then says so instead of guessing. */
export type Optional<T> = { state: 'ok'; data: T } | { state: 'unavailable' } | { state: 'error'; message: string };

/** A 404/405 on the route itself means "this server does not offer it"; other failures are errors to show. */
export function asOptional<T>(source: Observable<T>): Observable<Optional<T>> {
  return source.pipe(
    map((data): Optional<T> => ({ state: 'ok', data })),
    catchError((error: unknown) =>
      of<Optional<T>>(
        error instanceof HttpErrorResponse && (error.status === 404 || error.status === 405)
          ? { state: 'unavailable' }
          : { state: 'error', message: toApiProblem(error).message },
      ),
    ),
  );
}
