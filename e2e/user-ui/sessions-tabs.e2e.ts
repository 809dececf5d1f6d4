import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';

test.describe('accounts in the user app', () => {
  test('two tabs opened at the same moment both stay signed in, and so does the next one', async ({ page, context }) => {
    await registerThroughUi(page, newAccount('Tab Opener'));
    // Restoring a browser session: several tabs load at once with the same stored refresh token.
    const [first, second] = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all([first.goto('/activity'), second.goto('/artifacts')]);
    await expect(first.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
    await expect(second.getByRole('heading', { level: 1, name: 'Artifacts' })).toBeVisible();
    await expect(first).toHaveURL(/\/activity$/);
    await expect(second).toHaveURL(/\/artifacts$/);

    // The login was not ended by reuse detection: a third tab (a fresh page load) is signed in too.
    const third = await context.newPage();
    await third.goto('/specs');
    await expect(third.getByRole('heading', { level: 1, name: 'Specs' })).toBeVisible();
  });

  test('an expired session says so on the sign-in page and returns to the page afterwards', async ({ page, snap }) => {
    const account = newAccount('Expired');
    await registerThroughUi(page, account);
    // The stored refresh token no longer works (revoked or expired on the server).
    await page.evaluate(() => localStorage.setItem('esy.refresh_token', '00000000-0000-0000-0000-000000000000.expired'));
    await page.goto('/activity');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Factivity/);
    await expect(page.getByRole('status')).toContainText('Your session has expired, sign in again');
    await snap(page, 'sign-in-expired', { phone: true });
    await page.getByLabel('Email').fill(account.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/activity$/);
  });

  test('change password from the account menu; the sessions page lists this device', async ({ page, snap }) => {
    const account = newAccount('Pass Changer');
    await registerThroughUi(page, account);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sessions' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();
    await expect(page.getByText('This device')).toBeVisible();
    await snap(page, 'sessions', { phone: true });

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible();
    await page.getByLabel('Current password').fill('not the password');
    await page.getByLabel('New password', { exact: true }).fill('a new and better one');
    await page.getByLabel('Repeat new password').fill('a new and better one');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('current_password is incorrect')).toBeVisible();
    await snap(page, 'change-password', { phone: true });
    await page.getByLabel('Current password').fill(account.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('What would you like to make today?');

    const signIn = await page.request.post('/api/auth/login', { data: { email: account.email, password: 'a new and better one' } });
    expect(signIn.status()).toBe(200);
  });

  test('forgot password answers without telling whether the address exists', async ({ page, snap }) => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
    await page.getByLabel('Email').fill(`nobody-${Date.now()}@example.com`);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toContainText('If an account exists for this address');
    await snap(page, 'forgot-password', { phone: true });
    await page.goto('/reset-password?token=00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa');
    await page.getByLabel('New password', { exact: true }).fill('whatever it is');
    await page.getByLabel('Repeat new password').fill('whatever it is');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByRole('alert')).toContainText('invalid, has expired or was already used');
    await snap(page, 'reset-password-invalid');
  });
});
