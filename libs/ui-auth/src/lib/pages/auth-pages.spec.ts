import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { setUpAuth, tokens } from '../auth-test-support';
import { RegisterPageComponent } from './register-page.component';
import { SignInPageComponent } from './sign-in-page.component';

function type(root: HTMLElement, selector: string, value: string): void {
  const input = root.querySelector<HTMLInputElement>(selector);
  if (!input) throw new Error(`no input ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}

const settle = () => new Promise((resolve) => setTimeout(resolve));

describe('auth pages', () => {
  beforeEach(() => localStorage.clear());

  it('sign-in: required fields are explained before anything is sent', async () => {
    const { backend } = setUpAuth();
    const fixture = TestBed.createComponent(SignInPageComponent);
    await fixture.whenStable();
    fixture.nativeElement.querySelector('button[type=submit]').click();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('Email is required.');
    expect(fixture.nativeElement.textContent).toContain('Password is required.');
    backend.expectNone('/api/auth/login');
  });

  it('sign-in: wrong credentials show a clear message; right ones go back to the page asked for', async () => {
    const { backend, auth } = setUpAuth();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/sign-in?returnUrl=%2Factivity%2F9');
    const fixture = TestBed.createComponent(SignInPageComponent);
    await fixture.whenStable();
    const root: HTMLElement = fixture.nativeElement;
    type(root, 'input[formControlName=email]', 'alice@example.com');
    type(root, 'input[formControlName=password]', 'nope');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    backend
      .expectOne('/api/auth/login')
      .flush({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();
    expect(root.querySelector('[role=alert]')?.textContent).toContain('That email and password do not match an account.');

    type(root, 'input[formControlName=password]', 'right-password');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const login = backend.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ email: 'alice@example.com', password: 'right-password' });
    login.flush(tokens('a', 'r'));
    await settle();
    await fixture.whenStable();
    expect(auth.isSignedIn()).toBe(true);
    expect(router.url).toBe('/activity/9');
  });

  it('register: the server\'s per-field messages appear under the matching fields', async () => {
    const { backend } = setUpAuth();
    const fixture = TestBed.createComponent(RegisterPageComponent);
    await fixture.whenStable();
    const root: HTMLElement = fixture.nativeElement;
    type(root, 'input[formControlName=email]', 'bob@example.com');
    type(root, 'input[formControlName=password]', 'password123');
    type(root, 'input[formControlName=confirmation]', 'password123');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const request = backend.expectOne('/api/auth/register');
    expect(request.request.body).toEqual({ email: 'bob@example.com', password: 'password123' });
    request.flush(
      { status: 400, code: 'VALIDATION_FAILED', message: 'The request is invalid.', details: [{ field: 'password', message: 'password is too common' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    const errors = [...root.querySelectorAll('mat-error')].map((element) => element.textContent?.trim());
    expect(errors).toContain('password is too common');
  });

  it('register: mismatched passwords are caught on the confirmation field', async () => {
    const { backend } = setUpAuth();
    const fixture = TestBed.createComponent(RegisterPageComponent);
    await fixture.whenStable();
    const root: HTMLElement = fixture.nativeElement;
    type(root, 'input[formControlName=email]', 'bob@example.com');
    type(root, 'input[formControlName=password]', 'password123');
    type(root, 'input[formControlName=confirmation]', 'password124');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await fixture.whenStable();
    expect(root.textContent).toContain('The passwords do not match.');
    backend.expectNone('/api/auth/register');
  });

  it('register: a taken email offers a sign-in link that carries the address to the sign-in form', async () => {
    const { backend } = setUpAuth();
    const fixture = TestBed.createComponent(RegisterPageComponent);
    await fixture.whenStable();
    const root: HTMLElement = fixture.nativeElement;
    type(root, 'input[formControlName=email]', 'carol@example.com');
    type(root, 'input[formControlName=password]', 'password123');
    type(root, 'input[formControlName=confirmation]', 'password123');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    backend
      .expectOne('/api/auth/register')
      .flush({ status: 409, code: 'EMAIL_TAKEN', message: 'Email already registered' }, { status: 409, statusText: 'Conflict' });
    await settle();
    await fixture.whenStable();
    const link = root.querySelector<HTMLAnchorElement>('mat-error a');
    expect(link?.textContent?.trim()).toBe('Sign in instead');
    expect(link?.getAttribute('href')).toBe('/sign-in?email=carol@example.com');

    await TestBed.inject(Router).navigateByUrl('/sign-in?email=carol%40example.com');
    const signIn = TestBed.createComponent(SignInPageComponent);
    backend.expectOne('/api/auth/sso').flush({ enabled: false, display_name: null, local_passwords: true });
    await signIn.whenStable();
    expect(signIn.nativeElement.querySelector('input[formControlName=email]').value).toBe('carol@example.com');
  });

  describe('single sign-on', () => {
    beforeEach(() => sessionStorage.clear());

    it('offers "Sign in with …" when the server has it, and remembers where to return', async () => {
      const { backend } = setUpAuth({ ssoApp: 'admin' });
      await TestBed.inject(Router).navigateByUrl('/sign-in?returnUrl=%2Factivity%2F9');
      const fixture = TestBed.createComponent(SignInPageComponent);
      backend.expectOne('/api/auth/sso').flush({ enabled: true, display_name: 'Acme Login', local_passwords: false });
      await settle();
      await fixture.whenStable();
      const root: HTMLElement = fixture.nativeElement;
      const link = root.querySelector<HTMLAnchorElement>('a.sso');
      expect(link?.textContent).toContain('Sign in with Acme Login');
      expect(link?.getAttribute('href')).toBe('/api/auth/sso/start?app=admin');
      expect(root.textContent).toContain('Administrators: email and password');
      expect(root.textContent).not.toContain('Create an account');
      link!.addEventListener('click', (event) => event.preventDefault()); // stay on the page in the test
      link!.click();
      expect(sessionStorage.getItem('esy.sso.returnUrl')).toBe('/activity/9');
    });

    it('shows no button when single sign-on is off', async () => {
      const { backend } = setUpAuth();
      const fixture = TestBed.createComponent(SignInPageComponent);
      backend.expectOne('/api/auth/sso').flush({ enabled: false, display_name: null, local_passwords: true });
      await settle();
      await fixture.whenStable();
      expect(fixture.nativeElement.querySelector('a.sso')).toBeNull();
    });

    it('explains why the identity provider’s answer was refused', async () => {
      setUpAuth();
      await TestBed.inject(Router).navigateByUrl('/sign-in?sso_error=SSO_DOMAIN_NOT_ALLOWED');
      const fixture = TestBed.createComponent(SignInPageComponent);
      await fixture.whenStable();
      expect(fixture.nativeElement.querySelector('[role=alert]')?.textContent).toContain('Accounts with your email domain may not sign in');
    });

    it('turns the one-time code into a session and goes back to the page asked for', async () => {
      const { backend, auth } = setUpAuth();
      const router = TestBed.inject(Router);
      sessionStorage.setItem('esy.sso.returnUrl', '/activity/9');
      const code = 'c'.repeat(43);
      await router.navigateByUrl(`/sign-in#sso_code=${code}`);
      TestBed.createComponent(SignInPageComponent);
      const exchange = backend.expectOne('/api/auth/sso/exchange');
      expect(exchange.request.body).toEqual({ code });
      exchange.flush(tokens('a', 'r'));
      await settle();
      await settle();
      expect(auth.isSignedIn()).toBe(true);
      expect(router.url).toBe('/activity/9');
      expect(sessionStorage.getItem('esy.sso.returnUrl')).toBeNull();
    });
  });
});
