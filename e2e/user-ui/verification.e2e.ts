import type { APIRequestContext } from '@playwright/test';
import { registerViaApi, startRunOf } from '../support/api';
import { waitForRunStatus } from '../support/admin-session';
import { expect, newAccount, signInThroughUi, test } from '../support/fixtures';
import { restartWorker, type StackState } from '../support/stack';

/**
 * Honest outcomes: after an operator approves one failed step and skips another, the user's run page says the piece
 * is verified *with operator overrides*, and names each override's action, reason and who decided — by name.
 * The research brief's G1 and G2 fail every attempt here (three attempts each).
 */
test.beforeAll(async () => restartWorker({ ESY_SIMULATOR_FAIL_GATES: 'G1=3,G2=3' }));
test.afterAll(async () => restartWorker({}));

async function adminAuth(request: APIRequestContext, stack: StackState): Promise<{ authorization: string }> {
  const response = await request.post(`${stack.apiUrl}/api/auth/login`, { data: { email: stack.adminEmail, password: stack.adminPassword } });
  expect(response.ok()).toBe(true);
  return { authorization: `Bearer ${((await response.json()) as { access_token: string }).access_token}` };
}

test('the run page shows verified with overrides: each override, its reason and the decider by name', async ({ page, request, stack, snap }) => {
  test.setTimeout(240_000);
  const account = newAccount('Vera Verified');
  const session = await registerViaApi(request, stack.apiUrl, account);
  const admin = await adminAuth(request, stack);
  const runId = await startRunOf(request, stack.apiUrl, session, 'research-brief');

  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'paused');
  const approve = await request.post(`${stack.apiUrl}/api/admin/runs/${runId}/gates/G1/approve`, { headers: admin, data: { reason: 'Brief reviewed by hand' } });
  expect(approve.ok()).toBe(true);
  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'paused');
  const skip = await request.post(`${stack.apiUrl}/api/admin/runs/${runId}/gates/G2/skip`, { headers: admin, data: { reason: 'Sources checked offline' } });
  expect(skip.ok()).toBe(true);
  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');

  await signInThroughUi(page, account);
  await page.goto(`/activity/${runId}`);
  const verdict = page.getByTestId('run-verification');
  await expect(verdict).toHaveAttribute('data-outcome', 'verified_with_overrides');
  await expect(verdict).toContainText('Verified with operator overrides');
  await expect(verdict.locator('[data-override="G1"]')).toContainText('approved by an operator');
  await expect(verdict.locator('[data-override="G1"]')).toContainText('Brief reviewed by hand');
  await expect(verdict.locator('[data-override="G1"]')).toContainText('Administrator');
  await expect(verdict).not.toContainText(stack.adminEmail); // the decider by name, never their account
  await expect(verdict.locator('[data-override="G2"]')).toContainText('skipped by an operator');
  await expect(verdict.locator('[data-override="G2"]')).toContainText('Sources checked offline');
  await expect(verdict).not.toContainText('Every step passed');
  // The steps say it too, with words of their own (never "Done" or "Not needed for this brief").
  await expect(page.locator('[data-step="G1"]')).toContainText('Approved by an operator');
  await expect(page.locator('[data-step="G2"]')).toContainText('Skipped by an operator');
  await expect(page.locator('[data-step="G7"]')).toContainText('Done');
  await snap(page, 'run-verified-with-overrides');
});
