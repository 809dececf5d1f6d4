import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { ADMIN, setUpAuth, tokens } from './auth-test-support';
import { REFRESH_TOKEN_KEY } from './refresh-token.store';

describe('AuthService session restore and sign-out', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('restores a stored session on load with one refresh call', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'stored-refresh');
    const { auth, backend } = setUpAuth();
    expect(auth.status()).toBe('restoring');
    const ready = auth.whenReady();
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refresh_token: 'stored-refresh' });
    refresh.flush(tokens('access-9', 'refresh-9', ADMIN));
    await ready;
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.isAdmin()).toBe(true);
    expect(auth.displayName()).toBe('root@example.com');
    await auth.whenReady();
    backend.verify(); // no second refresh
  });

  it('starts signed out, saying the session expired, when the stored token is no longer valid', async () => {
    localStorage.setItem(REFRESH_TOKEN_KEY, 'revoked');
    const { auth, backend } = setUpAuth();
    const ready = auth.whenReady();
    backend.expectOne('/api/auth/refresh').flush({ message: 'revoked' }, { status: 401, statusText: 'Unauthorized' });
    await ready;
    expect(auth.status()).toBe('signed-out');
    expect(auth.signInReason()).toBe('expired');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('with session persistence keeps the refresh token in sessionStorage only', async () => {
    const { auth, backend } = setUpAuth({ persistence: 'session' });
    const signIn = auth.signIn('root@example.com', 'pw');
    backend.expectOne('/api/auth/login').flush(tokens('a', 'r-session', ADMIN));
    await signIn;
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r-session');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('signs out locally at once, then revokes the refresh token on the server', async () => {
    const { auth, backend } = setUpAuth();
    const signIn = auth.signIn('alice@example.com', 'pw');
    backend.expectOne('/api/auth/login').flush(tokens('a', 'r-1'));
    await signIn;

    const signOut = auth.signOut();
    expect(auth.isSignedIn()).toBe(false);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve));
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.body).toEqual({ refresh_token: 'r-1' });
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await signOut;
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(auth.signInReason()).toBe('signed-out');
  });

  it('a failed sign-in leaves no session behind', async () => {
    const { auth, backend } = setUpAuth();
    const signIn = auth.signIn('alice@example.com', 'wrong');
    backend.expectOne('/api/auth/login').flush({ status: 401, code: 'INVALID_CREDENTIALS', message: 'no' }, { status: 401, statusText: 'Unauthorized' });
    await expect(signIn).rejects.toMatchObject({ status: 401 });
    expect(auth.isSignedIn()).toBe(false);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });
});
