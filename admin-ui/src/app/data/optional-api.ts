import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { toApiProblem } from '@esy/api-client';
import { catchError, map, Observable, of } from 'rxjs';

/** A read of an admin route that may not exist on this server yet: the page then says so instead of guessing. */
export type Optional<T> = { state: 'ok'; data: T } | { state: 'unavailable' } | { state: 'error'; message: string };

/**
 * Reads admin routes that the generated client does not have yet (the backend adds them; the client is regenerated
 * then). A 404 on the route itself means "this server does not offer it".
 */
@Injectable({ providedIn: 'root' })
export class OptionalApi {
  private readonly http = inject(HttpClient);

  get<T>(url: string): Observable<Optional<T>> {
    return this.http.get<T>(url).pipe(
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
}
