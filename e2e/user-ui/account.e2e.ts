import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';

test.describe('account', () => {
  test('register, land on the dashboard, create an API key shown once, revoke it', async ({ page, snap }) => {
    const account = newAccount();
    await page.goto('/register');
    await snap(page, 'register');
    await page.getByLabel('Name (optional)').fill(account.name);
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByLabel('Repeat password').fill(account.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('What would you like to make today?');

    await page.getByRole('link', { name: 'API keys' }).first().click();
    await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByLabel('Name').fill('Newsroom CMS');
    // Limit the key to one workflow.
    await page.getByRole('combobox', { name: 'Workflows' }).click();
    const option = page.getByRole('option').first();
    const workflowName = ((await option.textContent()) ?? '').trim();
    await option.click();
    await page.keyboard.press('Escape');
    await snap(page, 'api-key-create');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('api-key-secret');
    await expect(secret).toContainText(/^esy_/);
    await expect(page.getByRole('listitem').filter({ hasText: 'Newsroom CMS' })).toBeVisible();
    await snap(page, 'api-keys');

    // The secret really works against the API.
    const key = (await secret.textContent())?.trim() ?? '';
    const me = await page.request.get('/api/auth/me', { headers: { authorization: `Bearer ${key}` } });
    expect(me.status()).toBe(200);
    // Listed with its restriction and, once used, when it was last used.
    await page.reload();
    await expect(secret).toHaveCount(0);
    const listed = page.getByRole('listitem').filter({ hasText: 'Newsroom CMS' });
    await expect(listed.getByTestId('api-key-workflows')).toHaveText(`Only ${workflowName}`);
    await expect(listed).toContainText('Last used');
    await snap(page, 'api-keys-listed', { phone: true });

    await page.getByRole('button', { name: 'Revoke Newsroom CMS' }).click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(page.getByRole('listitem').filter({ hasText: 'Newsroom CMS' })).toContainText('Revoked');
    const after = await page.request.get('/api/auth/me', { headers: { authorization: `Bearer ${key}` } });
    expect(after.status()).toBe(401);
  });

  test('signing in again after signing out', async ({ page, snap }) => {
    const account = newAccount('Grace');
    // Wait for the dashboard (the register page has a heading of its own): signing out before the registration
    // has answered would let it store its session afterwards.
    await registerThroughUi(page, account);
    await page.context().clearCookies();
    await page.evaluate(() => localStorage.clear());
    await page.goto('/activity');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Factivity/);
    await snap(page, 'sign-in');
    await page.getByLabel('Email').fill(account.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/activity$/);
  });
});
