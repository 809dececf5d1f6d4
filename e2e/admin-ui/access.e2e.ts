import { registerViaApi } from '../support/api';
import { expect, newAccount, signInThroughUi, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

test('a signed-in non-admin gets a clear "no access" page and no admin data', async ({ page, request, stack, snap }) => {
  const account = newAccount('Nora Notadmin');
  const session = await registerViaApi(request, stack.apiUrl, account);
  await signInThroughUi(page, account);
  await expect(page).toHaveURL(/\/no-access/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('This console is for administrators');
  // Typing an admin URL does not get around it.
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/no-access/);
  await snap(page, 'no-access');
  // And the API refuses the data anyway.
  const response = await request.get(`${stack.apiUrl}/api/admin/runs`, { headers: session.auth });
  expect(response.status()).toBe(403);
});

test('signed-out visitors are sent to sign in', async ({ page, snap }) => {
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/sign-in/);
  await snap(page, 'sign-in');
});
