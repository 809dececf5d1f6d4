import { registerViaApi, startRunOf } from '../support/api';
import { signInAsAdmin, waitForRunStatus } from '../support/admin-session';
import { expect, newAccount, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

/**
 * Every page of the console with real data behind it (a finished run, the seeded models and agents), saved as
 * screenshots (screenshots/admin-ui/, gitignored) to look at; each page must show its own content, not an error.
 */
test('every console page renders its data', async ({ page, request, stack, snap }) => {
  test.setTimeout(300_000);
  const session = await registerViaApi(request, stack.apiUrl, newAccount('Tour Taker'));
  const runId = await startRunOf(request, stack.apiUrl, session, 'research-brief');
  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');

  await signInAsAdmin(page, stack);
  // Every run here is simulated, and the dashboard counts real work only until the operator includes simulated work.
  await page.getByTestId('include-simulated').getByRole('switch').click();
  await expect(page.locator('[data-kpi="Completed today"] .kpi-value')).not.toHaveText('0');
  // The panel's loading text ("Loading gate pass rates") also contains the title: wait for the bars themselves.
  const passRates = page.locator('section[aria-labelledby="pass-title"]');
  await expect(passRates.getByRole('heading', { name: 'Gate pass rate real + simulated', exact: true })).toBeVisible();
  await expect(passRates.locator('.bar-row').first()).toBeVisible();
  await expect(page.locator('esy-error-state')).toHaveCount(0);
  await snap(page, 'dashboard');
  await page.emulateMedia({ colorScheme: 'dark' });
  await snap(page, 'dashboard-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  const pages: { link: string; check: (p: typeof page) => Promise<void>; name: string }[] = [
    { link: 'Runs', name: 'runs-list', check: async (p) => await expect(p.locator(`tr[data-run="${runId}"]`)).toBeVisible() },
    {
      link: 'System health',
      name: 'health',
      check: async (p) => {
        await p.getByTestId('include-simulated').getByRole('switch').click();
        await expect(p.getByTestId('reliability-matrix')).toContainText('G1');
      },
    },
    { link: 'Templates', name: 'templates-list', check: async (p) => await expect(p.locator('tr[data-template="research-brief"]')).toBeVisible() },
    { link: 'Agents', name: 'agents', check: async (p) => await expect(p.locator('[data-agent="research-lead"]')).toBeVisible() },
    { link: 'Models', name: 'models', check: async (p) => await expect(p.getByTestId('models-table')).toContainText('claude-sonnet-4') },
    { link: 'Experiments', name: 'experiments', check: async (p) => await expect(p.getByRole('heading', { level: 1, name: 'Experiments' })).toBeVisible() },
    { link: 'Users', name: 'users', check: async (p) => await expect(p.locator(`tr[data-user="${stack.adminEmail}"]`)).toBeVisible() },
    { link: 'Settings', name: 'settings', check: async (p) => await expect(p.getByLabel('Attempts per gate')).toHaveValue(/\d/) },
  ];
  for (const entry of pages) {
    await page.locator('mat-sidenav').getByRole('link', { name: entry.link, exact: true }).click();
    await entry.check(page);
    await expect(page.locator('esy-error-state')).toHaveCount(0);
    await snap(page, entry.name);
  }

  await page.locator('mat-sidenav').getByRole('link', { name: 'Agents', exact: true }).click();
  await page.locator('[data-agent="research-lead"]').click();
  await expect(page.getByTestId('agent-body')).not.toBeEmpty();
  await snap(page, 'agent-detail');

  // A model served by a local OpenAI-compatible server, added from the console; a refused field says why.
  await page.locator('mat-sidenav').getByRole('link', { name: 'Models', exact: true }).click();
  await page.getByRole('button', { name: 'Add a model' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Model id').fill('Local Llama');
  await dialog.getByLabel("Provider's model name").fill('llama3.3:70b');
  await dialog.getByLabel('Input price per 1K tokens (USD)').fill('0');
  await dialog.getByLabel('Output price per 1K tokens (USD)').fill('0');
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog.getByText('Lower-case letters, digits')).toBeVisible();
  await dialog.getByLabel('Model id').fill('local-llama-3.3');
  await snap(page, 'models-add');
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('models-table')).toContainText('local-llama-3.3');

  await page.locator('mat-sidenav').getByRole('link', { name: 'Templates', exact: true }).click();
  await page.locator('tr[data-template="research-brief"]').getByRole('link').click();
  await expect(page.getByTestId('cost-profile')).toContainText('typical', { timeout: 30_000 });
  await snap(page, 'template-edit-existing');

  // A full page load (session restored from the tab's storage) straight into a run.
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await snap(page, 'run-completed');
});
