import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiConfiguration, User } from '@esy/api-client';
import { AuthService, authInterceptor } from '@esy/ui-auth';
import { routes } from './app.routes';

async function signedInAs(partial: Pick<User, 'id' | 'email' | 'role'>) {
  const user = { display_name: null, ...partial };
  sessionStorage.clear();
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideApiConfiguration(''),
    ],
  });
  const signIn = TestBed.inject(AuthService).signIn(user.email, 'pw');
  TestBed.inject(HttpTestingController).expectOne('/api/auth/login').flush({ access_token: 'a', refresh_token: 'r', user });
  await signIn;
  return { harness: await RouterTestingHarness.create(), router: TestBed.inject(Router) };
}

describe('admin-ui access', () => {
  it('shows a signed-in non-admin a clear "no access" page', async () => {
    const { harness, router } = await signedInAs({ id: '1', email: 'user@example.com', role: 'user' });
    await harness.navigateByUrl('/runs');
    expect(router.url).toBe('/no-access');
    const text = (harness.routeNativeElement as HTMLElement).textContent ?? '';
    expect(text).toContain('This console is for administrators');
    expect(text).toContain('user@example.com');
  });

  it('lets an admin into the console', async () => {
    const { harness, router } = await signedInAs({ id: '2', email: 'root@example.com', role: 'admin' });
    await harness.navigateByUrl('/runs');
    await harness.fixture.whenStable();
    expect(router.url).toBe('/runs');
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toContain('Runs');
    expect(page.querySelector('[aria-current=page] [matListItemTitle]')?.textContent?.trim()).toBe('Runs');
  });
});
