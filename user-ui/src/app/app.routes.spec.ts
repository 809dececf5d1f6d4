import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiConfiguration } from '@esy/api-client';
import { AuthService, authInterceptor } from '@esy/ui-auth';
import { routes } from './app.routes';

async function setUp() {
  localStorage.clear();
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideApiConfiguration(''),
    ],
  });
  const harness = await RouterTestingHarness.create();
  return { harness, router: TestBed.inject(Router), backend: TestBed.inject(HttpTestingController) };
}

describe('user-ui routes', () => {
  it('sends a signed-out visitor to sign in, remembering the page', async () => {
    const { harness, router } = await setUp();
    await harness.navigateByUrl('/activity/run-1');
    expect(router.url).toBe('/sign-in?returnUrl=%2Factivity%2Frun-1');
    expect(harness.routeNativeElement?.textContent).toContain('Sign in');
  });

  it('shows the shell with its navigation and the page to a signed-in user', async () => {
    const { harness, backend } = await setUp();
    const signIn = TestBed.inject(AuthService).signIn('alice@example.com', 'pw');
    backend.expectOne('/api/auth/login').flush({
      access_token: 'a',
      refresh_token: 'r',
      user: { id: '1', email: 'alice@example.com', role: 'user', display_name: 'Alice' },
    });
    await signIn;
    // The page loads the workflow list while the navigation settles: answer it (empty) until it has.
    let settled = false;
    const navigated = harness.navigateByUrl('/workflows').then(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      backend.match((request) => request.url === '/api/workflows').forEach((request) => request.flush({ workflows: [] }));
    }
    await navigated;
    harness.fixture.detectChanges();
    await harness.fixture.whenStable();
    const page = harness.routeNativeElement as HTMLElement;
    const nav = [...page.querySelectorAll('mat-sidenav [matListItemTitle]')].map((title) => title.textContent?.trim());
    expect(nav).toEqual(['Dashboard', 'Workflows', 'Activity', 'Artifacts', 'Specs', 'API keys']);
    expect(page.querySelector('[aria-current=page] [matListItemTitle]')?.textContent?.trim()).toBe('Workflows');
    expect(page.querySelector('h1')?.textContent).toContain('Workflows');
  });

  it('has every user page of the product', () => {
    const shell = routes.find((route) => route.path === '' && route.children);
    const paths = [...routes.map((r) => r.path), ...(shell?.children ?? []).map((r) => r.path)];
    for (const path of ['sign-in', 'register', 'workflows', 'workflows/:slug', 'activity', 'activity/:runId', 'artifacts', 'artifacts/:id', 'specs', 'specs/:id', 'settings/api-keys']) {
      expect(paths).toContain(path);
    }
  });
});
