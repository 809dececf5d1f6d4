import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ALICE, setUpAuth, tokens } from './auth-test-support';
import { REFRESH_TOKEN_KEY } from './refresh-token.store';

const unauthorized = { status: 401, statusText: 'Unauthorized' };

/** The refresh settles through a promise (it may wait for the other tabs' Web Lock): let it run. */
const settle = () => new Promise((resolve) => setTimeout(resolve));

async function signedIn() {
  const setup = setUpAuth();
  const signIn = setup.auth.signIn('alice@example.com', 'secret-password');
  setup.backend.expectOne('/api/auth/login').flush(tokens('access-1', 'refresh-1'));
  await signIn;
  return setup;
}

describe('authInterceptor', () => {
  beforeEach(() => localStorage.clear());

  it('sends the bearer token to the API and never to other hosts', async () => {
    const { http, backend } = await signedIn();
    http.get('/api/runs').subscribe();
    http.get('https://cdn.example.com/file.js').subscribe();
    expect(backend.expectOne('/api/runs').request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(backend.expectOne('https://cdn.example.com/file.js').request.headers.has('Authorization')).toBe(false);
  });

  it('keeps the refresh token in storage and the access token only in memory', async () => {
    await signedIn();
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('access-1');
  });

  it('on 401 refreshes once, shares the refresh between parallel requests, and repeats each request', async () => {
    const { http, backend, auth } = await signedIn();
    const first = firstValueFrom(http.get<{ n: number }>('/api/runs'));
    const second = firstValueFrom(http.get<{ n: number }>('/api/artifacts'));
    backend.expectOne('/api/runs').flush(null, unauthorized);
    backend.expectOne('/api/artifacts').flush(null, unauthorized);

    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refresh_token: 'refresh-1' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(tokens('access-2', 'refresh-2'));
    await settle();

    const retries = [backend.expectOne('/api/runs'), backend.expectOne('/api/artifacts')];
    for (const retry of retries) expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retries[0].flush({ n: 1 });
    retries[1].flush({ n: 2 });
    await expect(first).resolves.toEqual({ n: 1 });
    await expect(second).resolves.toEqual({ n: 2 });
    expect(auth.accessToken()).toBe('access-2');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    backend.verify();
  });

  it('does not loop: a second 401 after the refresh goes back to the caller', async () => {
    const { http, backend } = await signedIn();
    const request = firstValueFrom(http.get('/api/admin/runs'));
    backend.expectOne('/api/admin/runs').flush(null, unauthorized);
    backend.expectOne('/api/auth/refresh').flush(tokens('access-2', 'refresh-2'));
    await settle();
    backend.expectOne('/api/admin/runs').flush(null, unauthorized);
    await expect(request).rejects.toBeInstanceOf(HttpErrorResponse);
    backend.verify();
  });

  it('when the refresh is refused, ends the session and sends the user to sign in, back to where they were', async () => {
    const { http, backend, auth } = await signedIn();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/activity/42');
    const request = firstValueFrom(http.get('/api/runs/42'));
    backend.expectOne('/api/runs/42').flush(null, unauthorized);
    backend.expectOne('/api/auth/refresh').flush({ status: 401, code: 'TOKEN_EXPIRED', message: 'expired' }, unauthorized);

    await expect(request).rejects.toMatchObject({ status: 401 });
    await TestBed.inject(Router).navigated;
    await new Promise((resolve) => setTimeout(resolve));
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.signInReason()).toBe('expired');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(router.url).toBe('/sign-in?returnUrl=%2Factivity%2F42&reason=expired');
  });

  it('passes non-401 errors through untouched', async () => {
    const { http, backend } = await signedIn();
    const request = firstValueFrom(http.get('/api/runs'));
    backend.expectOne('/api/runs').flush({ message: 'no' }, { status: 403, statusText: 'Forbidden' });
    await expect(request).rejects.toMatchObject({ status: 403 });
    backend.expectNone('/api/auth/refresh');
  });

  it('exposes the signed-in user', async () => {
    const { auth } = await signedIn();
    expect(auth.user()).toEqual(ALICE);
    expect(auth.displayName()).toBe('Alice Doe');
    expect(auth.isAdmin()).toBe(false);
  });
});
