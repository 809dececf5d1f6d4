import type { Page } from '@playwright/test';
import { type OidcTestProvider, startOidcProvider } from '../../backend/test/support/oidc-test-provider';
import { signInAsAdmin } from '../support/admin-session';
import { expect, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

/**
 * Single sign-on through a real OpenID provider (oidc-provider with its development sign-in and consent pages),
 * configured on the admin console's Settings page and used from both sign-in pages.
 */
test.describe('single sign-on', () => {
  let idp: OidcTestProvider;

  test.beforeAll(async ({ stack }) => {
    idp = await startOidcProvider([`${stack.userUiUrl}/api/auth/sso/callback`, `${stack.adminUiUrl}/api/auth/sso/callback`]);
    idp.accounts.set('grace', { email: `grace-${Date.now().toString(36)}@acme.test`, email_verified: true, name: 'Grace Hopper', groups: ['staff'] });
    idp.accounts.set('linus', { email: `linus-${Date.now().toString(36)}@acme.test`, email_verified: true, name: 'Linus Admin', groups: ['esy-admins'] });
    idp.accounts.set('eve', { email: 'eve@elsewhere.test', email_verified: true, name: 'Eve Outsider' });
  });

  test.afterAll(async ({ stack, request }) => {
    // Leave the console as the other suites expect it: no single sign-on.
    const signedIn = await request.post(`${stack.apiUrl}/api/auth/login`, { data: { email: stack.adminEmail, password: stack.adminPassword } });
    const { access_token } = (await signedIn.json()) as { access_token: string };
    await request.put(`${stack.apiUrl}/api/admin/sso`, { headers: { Authorization: `Bearer ${access_token}` }, data: { enabled: false } });
    await idp?.close();
  });

  /** The provider's own pages: type the login, then agree to share the claims. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.getByPlaceholder('Enter any login').fill(login);
    await page.getByPlaceholder('and password').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  test('an administrator sets it up; people sign in with it in both apps; refusals are explained', async ({ page, browser, stack, snap }) => {
    // Four people sign in through the provider's pages in three browsers: a long journey on a shared machine.
    test.setTimeout(300_000);
    await signInAsAdmin(page, stack);
    await page.goto('/settings');
    const section = page.getByRole('form', { name: 'Single sign-on' });
    await expect(section).toBeVisible();
    await expect(section).toContainText(`${stack.userUiUrl}/api/auth/sso/callback`);
    await section.getByLabel('Button name').fill('Acme Login');
    await section.getByLabel('Issuer URL').fill(idp.issuer);
    await section.getByLabel('Client ID').fill(idp.clientId);
    await section.getByLabel('Client secret').fill(idp.clientSecret);
    await section.getByLabel('Allowed email domains').fill('acme.test');
    await section.getByLabel('Scopes').fill('openid email profile groups');
    await section.getByLabel('Role claim').fill('groups');
    await section.getByLabel('Values that make an administrator').fill('esy-admins');
    await section.getByRole('checkbox', { name: /Offer "Sign in with/ }).check();
    await section.getByRole('button', { name: 'Save single sign-on' }).click();
    await expect(section).toContainText('Last changed');
    await expect(section).toContainText('by Administrator');
    await expect(section.getByLabel('Client secret')).toHaveValue('');
    await expect(section).toContainText('A secret is stored and never shown');
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'settings-sso', { phone: true });

    // The user app: the button, the provider's pages, and back in the app, signed in as a new user.
    const userContext = await browser.newContext({ baseURL: stack.userUiUrl ?? undefined });
    const user = await userContext.newPage();
    await user.goto('/sign-in');
    const button = user.getByRole('link', { name: 'Sign in with Acme Login' });
    await expect(button).toBeVisible();
    await snap(user, 'user-sign-in-sso', { phone: true });
    await button.click();
    await signInAtProvider(user, 'grace');
    await expect(user.getByRole('heading', { level: 1 })).toContainText('What would you like to make today?');
    await expect(user).not.toHaveURL(/sso_code/);

    // A domain the server does not allow: back on the sign-in page with the reason, not an error page.
    const outsiderContext = await browser.newContext({ baseURL: stack.userUiUrl ?? undefined });
    const outsider = await outsiderContext.newPage();
    await outsider.goto('/sign-in');
    await outsider.getByRole('link', { name: 'Sign in with Acme Login' }).click();
    await signInAtProvider(outsider, 'eve');
    await expect(outsider).toHaveURL(/\/sign-in\?sso_error=SSO_DOMAIN_NOT_ALLOWED/);
    await expect(outsider.getByRole('alert')).toContainText('Accounts with your email domain may not sign in to this server.');
    await snap(outsider, 'user-sign-in-sso-refused');

    // The admin console: someone in the admin group arrives on the dashboard.
    const adminContext = await browser.newContext({ baseURL: stack.adminUiUrl ?? undefined });
    const admin = await adminContext.newPage();
    await admin.goto('/sign-in');
    await expect(admin.getByRole('link', { name: 'Sign in with Acme Login' })).toBeVisible();
    await snap(admin, 'admin-sign-in-sso', { phone: true });
    await admin.getByRole('link', { name: 'Sign in with Acme Login' }).click();
    await signInAtProvider(admin, 'linus');
    await expect(admin.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

    // The audit log shows the sign-ins and the refusal.
    await page.goto('/audit');
    await expect(page.locator('tr[data-action="auth.sso_user_created"]').first()).toBeVisible();
    await expect(page.locator('tr[data-action="auth.sso_refused"]').first()).toBeVisible();
    await expect(page.locator('tr[data-action="settings.sso_updated"]').first()).toContainText(stack.adminEmail);

    await Promise.all([userContext.close(), outsiderContext.close(), adminContext.close()]);
  });
});
