import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiConfiguration, User } from '@esy/api-client';
import { AuthService, authInterceptor } from '@esy/ui-auth';
import { NEVER } from 'rxjs';
import { routes } from './app.routes';
import { AdminEvents } from './data/admin-events';

async function signedInAs(partial: Pick<User, 'id' | 'email' | 'role'>) {
  const user = { display_name: null, ...partial };
  sessionStorage.clear();
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes),
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideApiConfiguration(''),
      // The live stream (EventSource, covered by the browser tests) stays quiet here.
      { provide: AdminEvents, useValue: { connection: signal('closed'), events: () => NEVER } },
    ],
  });
  const signIn = TestBed.inject(AuthService).signIn(user.email, 'pw');
  TestBed.inject(HttpTestingController).expectOne('/api/auth/login').flush({ access_token: 'a', refresh_token: 'r', user });
  await signIn;
  return { harness: await RouterTestingHarness.create(), router: TestBed.inject(Router) };
}

/** Answers what the runs page reads (empty lists): a pending request keeps a zoneless app from becoming stable. */
async function answerPageReads(): Promise<void> {
  const http = TestBed.inject(HttpTestingController);
  for (let round = 0; round < 5; round++) {
    await new Promise((resolve) => setTimeout(resolve));
    for (const request of http.match(() => true)) {
      const url = request.request.url;
      if (url.endsWith('/api/admin/runs')) request.flush({ runs: [], total: 0 });
      else if (url.endsWith('/api/admin/users')) request.flush({ users: [], total: 0 });
      else if (url.endsWith('/api/workflows')) request.flush({ workflows: [], total: 0 });
      else request.flush({});
    }
  }
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
    // Navigation settles only once the page's requests are answered.
    const navigated = harness.navigateByUrl('/runs');
    await answerPageReads();
    await navigated;
    // The page's loaders send their reads once it is on screen.
    await answerPageReads();
    await harness.fixture.whenStable();
    expect(router.url).toBe('/runs');
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toContain('Runs');
    expect(page.querySelector('[aria-current=page] [matListItemTitle]')?.textContent?.trim()).toBe('Runs');
  }, 20_000); // loads the shell and the runs page lazily: slow on a busy machine
});
