import { registerViaApi, startRunOf } from '../support/api';
import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';

test("another user's run is not found", async ({ page, request, stack, snap }) => {
  // Alice starts a run through the API; Bob, signed in through the UI, opens its address.
  const alice = await registerViaApi(request, stack.apiUrl, newAccount('Alice'));
  const runId = await startRunOf(request, stack.apiUrl, alice);

  const bob = newAccount('Bob');
  await registerThroughUi(page, bob);

  await page.goto(`/activity/${runId}`);
  await expect(page.getByRole('heading', { name: 'Run not found' })).toBeVisible();
  await snap(page, 'run-not-found');
  await page.goto(`/artifacts/${runId}`);
  await expect(page.getByRole('heading', { name: 'Artifact not found' })).toBeVisible();
  // Nor does it appear in Bob's activity.
  await page.goto('/activity');
  await expect(page.locator(`[data-run="${runId}"]`)).toHaveCount(0);
});
