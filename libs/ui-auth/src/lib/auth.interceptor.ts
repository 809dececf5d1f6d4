import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';
import { AUTH_CONFIG } from './auth.config';
import { SKIP_AUTH } from './auth.context';
import { AuthService } from './auth.service';

function withBearer(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Adds the bearer token to API requests. On a 401 it refreshes the access token once and repeats the request;
 * if the refresh fails too, the session has ended and the user is sent to sign in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const config = inject(AUTH_CONFIG);
  const auth = inject(AuthService);
  const isApi = request.url.startsWith(config.apiPrefix) || request.url.startsWith(config.apiPrefix.replace(/^\//, ''));
  if (!isApi || request.context.get(SKIP_AUTH)) return next(request);

  return next(withBearer(request, auth.accessToken())).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) return throwError(() => error);
      return auth.refreshAccessToken().pipe(
        catchError(() => {
          auth.expireSession();
          return throwError(() => error);
        }),
        // Exactly one retry: a second 401 goes back to the caller as it is.
        switchMap((token) => next(withBearer(request, token))),
      );
    }),
  );
};
