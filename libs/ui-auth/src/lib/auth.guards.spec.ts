import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, RouterStateSnapshot, UrlTree } from '@angular/router';
import { ADMIN, ALICE, setUpAuth, tokens } from './auth-test-support';
import { adminGuard, guestGuard, signedInGuard } from './auth.guards';

const state = (url: string) => ({ url }) as RouterStateSnapshot;
const route = {} as ActivatedRouteSnapshot;

function run(guard: typeof signedInGuard, url = '/runs/7') {
  return TestBed.runInInjectionContext(() => guard(route, state(url))) as Promise<boolean | UrlTree>;
}

async function signInAs(user = ALICE) {
  const setup = setUpAuth();
  const signIn = setup.auth.signIn(user.email, 'pw');
  setup.backend.expectOne('/api/auth/login').flush(tokens('a', 'r', user));
  await signIn;
  return setup;
}

describe('route guards', () => {
  beforeEach(() => localStorage.clear());

  it('signedInGuard sends visitors to sign in with the page they wanted', async () => {
    setUpAuth();
    const result = await run(signedInGuard);
    expect(String(result)).toBe('/sign-in?returnUrl=%2Fruns%2F7');
  });

  it('signedInGuard lets signed-in users through', async () => {
    await signInAs();
    expect(await run(signedInGuard)).toBe(true);
  });

  it('adminGuard shows "no access" to signed-in non-admins and lets admins in', async () => {
    await signInAs(ALICE);
    expect(String(await run(adminGuard))).toBe('/no-access');
    TestBed.resetTestingModule();
    await signInAs(ADMIN);
    expect(await run(adminGuard)).toBe(true);
  });

  it('a user with a temporary password must choose a new one first, then goes where they wanted', async () => {
    await signInAs({ ...ALICE, must_change_password: true });
    expect(String(await run(signedInGuard))).toBe('/account/password?returnUrl=%2Fruns%2F7');
    expect(await run(signedInGuard, '/account/password?returnUrl=%2Fruns%2F7')).toBe(true);
  });

  it('adminGuard sends visitors to sign in', async () => {
    setUpAuth();
    expect(String(await run(adminGuard, '/templates'))).toBe('/sign-in?returnUrl=%2Ftemplates');
  });

  it('guestGuard sends signed-in users home from the auth pages', async () => {
    await signInAs();
    expect(String(await run(guestGuard))).toBe('/');
  });
});
