import { registerViaApi, startRunOf } from '../support/api';
import { signInAsAdmin, waitForRunStatus } from '../support/admin-session';
import { expect, newAccount, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

/**
 * Simulated is never mixed with real: on this stack no provider has a key, so every run is simulated. The dashboard
 * and system health count real work only by default and say what they leave out; the toggle includes simulated work.
 */
test('dashboard and system health count real work only until the operator includes simulated work', async ({ page, request, stack, snap }) => {
  test.setTimeout(240_000);
  const session = await registerViaApi(request, stack.apiUrl, newAccount('Sim Counter'));
  const runId = await startRunOf(request, stack.apiUrl, session, 'research-brief');
  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');

  await signInAsAdmin(page, stack);
  const cost = page.locator('[data-kpi^="Cost today"]');
  await expect(cost.locator('.kpi-label')).toHaveText('Cost today (real)');
  await expect(page.getByTestId('figures-scope')).toContainText('Real work only.');
  await expect(page.getByTestId('figures-scope')).toContainText('is not counted');
  await expect(cost.locator('.kpi-detail')).toContainText('simulated today, not counted');
  const usage = page.locator('section[aria-labelledby="usage-title"]');
  await expect(usage.getByRole('heading')).toContainText('real only');
  await expect(usage).toContainText('No model has been used this month.');
  const realValue = await cost.locator('.kpi-value').textContent();
  await snap(page, 'dashboard-real-only', { phone: true });

  await page.getByTestId('include-simulated').getByRole('switch').click();
  await expect(cost.locator('.kpi-label')).toHaveText('Cost today (incl. simulated)');
  await expect(page.getByTestId('figures-scope')).toContainText('Figures include simulated work');
  await expect(usage.locator('.bar-row').first()).toBeVisible();
  await expect(usage.getByRole('heading')).toContainText('real + simulated');
  await expect(cost.locator('.kpi-value')).not.toHaveText(realValue ?? '');
  await snap(page, 'dashboard-with-simulated', { phone: true });

  await page.locator('mat-sidenav').getByRole('link', { name: 'System health', exact: true }).click();
  await expect(page.getByTestId('figures-scope')).toContainText(/Real work only\. \d+ simulated attempts/);
  await expect(page.getByRole('heading', { name: /Cost trend/ })).toContainText('real only');
  await snap(page, 'health-real-only');
  await page.getByTestId('include-simulated').getByRole('switch').click();
  await expect(page.getByTestId('reliability-matrix')).toContainText('G1');
  await expect(page.getByRole('heading', { name: /Cost trend/ })).toContainText('real + simulated');
  await snap(page, 'health-with-simulated');
});
