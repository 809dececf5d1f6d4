import { signInAsAdmin } from '../support/admin-session';
import { expect, newAccount, signInThroughUi, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

test.describe('accounts in the admin console', () => {
  test('reset a user’s password; they must choose a new one; the audit log shows who did it', async ({ page, browser, stack, snap }) => {
    const account = newAccount('Temp Holder');
    const registered = await page.request.post(`${stack.apiUrl}/api/auth/register`, { data: { email: account.email, password: account.password } });
    expect(registered.status()).toBe(201);

    await signInAsAdmin(page, stack);
    await page.goto('/users');
    await page.getByRole('searchbox').fill(account.email);
    const row = page.locator(`tr[data-user="${account.email}"]`);
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `More actions for ${account.email}` }).click();
    await page.getByRole('menuitem', { name: 'Reset password…' }).click();
    await page.getByRole('button', { name: 'Reset password' }).click();
    const secret = page.getByTestId('temporary-password');
    await expect(secret).not.toBeEmpty();
    await snap(page, 'users-temporary-password');
    const temporary = (await secret.textContent())?.trim() ?? '';
    await page.getByRole('button', { name: 'Done' }).click();

    await page.goto('/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    const entry = page.locator('tr[data-action="user.password_reset"]').filter({ hasText: account.email });
    await expect(entry).toContainText(stack.adminEmail);
    await snap(page, 'audit-log', { phone: true });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^esy-audit-.*\.csv$/);

    // The user signs in with the temporary password and is made to choose their own (in the user app's API terms).
    const userContext = await browser.newContext({ baseURL: stack.userUiUrl ?? undefined });
    const userPage = await userContext.newPage();
    await signInThroughUi(userPage, { ...account, password: temporary });
    await expect(userPage).toHaveURL(/\/account\/password/);
    await expect(userPage.getByText('An administrator reset your password')).toBeVisible();
    await userPage.getByLabel('Temporary password').fill(temporary);
    await userPage.getByLabel('New password', { exact: true }).fill('mine again, finally');
    await userPage.getByLabel('Repeat new password').fill('mine again, finally');
    await userPage.getByRole('button', { name: 'Change password' }).click();
    await expect(userPage.getByRole('heading', { level: 1 })).toContainText('What would you like to make today?');
    await userContext.close();
  });

  test('settings say who changed them last; the console has a sessions page', async ({ page, stack, snap }) => {
    await signInAsAdmin(page, stack);
    await page.goto('/settings');
    await page.getByLabel('Attempts per gate').fill('4');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText(/Last changed .* by Administrator/)).toBeVisible();
    await snap(page, 'settings-last-changed-by');
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sessions' }).click();
    await expect(page.getByText('This device')).toBeVisible();
    await snap(page, 'sessions');
  });
});
