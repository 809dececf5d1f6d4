import { Client } from 'pg';
import { activeSpecId, registerViaApi, startRunOf } from '../support/api';
import { signInAsAdmin, waitForRunStatus } from '../support/admin-session';
import { describeViolations, seriousViolations } from '../support/axe';
import { expect, newAccount, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

async function adminHeaders(request: import('@playwright/test').APIRequestContext, stack: { apiUrl: string; adminEmail: string; adminPassword: string }) {
  const login = await request.post(`${stack.apiUrl}/api/auth/login`, { data: { email: stack.adminEmail, password: stack.adminPassword } });
  return { authorization: `Bearer ${(await login.json()).access_token}` };
}

/**
 * Per-user usage: a user's simulated run (this stack has no provider key) and a real run as a keyed provider would
 * have recorded it. The usage page shows the real spend and the simulated work apart, and the user's detail has
 * the daily spend, the workflow and the runs, each linking to the admin run detail.
 */
test('the usage page shows real spend and simulated work apart, per user and in a user’s detail', async ({ page, request, stack, snap }) => {
  test.setTimeout(240_000);
  const account = newAccount('Uma Usage');
  const session = await registerViaApi(request, stack.apiUrl, account);
  const runId = await startRunOf(request, stack.apiUrl, session, 'research-brief');
  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');

  // The real run: what a run served by a keyed provider leaves in `runs` (only real spend, nothing simulated).
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `WITH r AS (
         INSERT INTO runs (spec_id, template_id, user_id, intent, project_slug, display_name, status, total_cost_usd, simulated_cost_usd, simulated, tokens_in, tokens_out, started_at, completed_at)
         SELECT spec_id, template_id, user_id, intent, project_slug || '-real', display_name || ' (real)', 'completed', 1.2345, 0, false, 12000, 3000, now(), now()
           FROM runs WHERE id = '${runId}' RETURNING id)
       INSERT INTO gate_executions (run_id, gate_id, gate_name, phase, gate_order, model_id, model_provider, status, tokens_in, tokens_out, cost_usd, simulated, started_at, completed_at)
       SELECT r.id, 'G1', 'Intake', 'intake', 1, 'claude-sonnet-4', 'anthropic', 'passed', 12000, 3000, 1.2345, false, now(), now() FROM r`,
    );
  } finally {
    await db.end();
  }

  await signInAsAdmin(page, stack);
  await page.locator('mat-sidenav').getByRole('link', { name: 'Usage', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
  const row = page.locator(`tr[data-user="${account.email}"]`);
  await expect(row.getByTestId('real-spend')).toHaveText('$1.23');
  await expect(row.getByTestId('simulated-work')).toContainText('1 run');
  await expect(row.getByTestId('simulated-work')).toContainText('would have cost $');
  await expect(row).toContainText('2 completed');
  await expect(row.getByTestId('real-tokens')).toHaveText('12k / 3.0k');
  await expect(page.getByTestId('usage-totals')).toContainText('Simulated work (not charged)');

  // Sorting by runs and the period live in the address.
  await page.getByRole('button', { name: 'Runs', exact: true }).click();
  await expect(page).toHaveURL(/sort=runs/);
  await expect(page.getByRole('columnheader', { name: 'Runs', exact: true })).toHaveAttribute('aria-sort', 'descending');
  await page.getByTestId('usage-period').getByText('7 days').click();
  await expect(page).toHaveURL(/days=7/);
  await expect(row.getByTestId('real-spend')).toHaveText('$1.23');
  await snap(page, 'usage', { phone: true, dark: true });

  await row.getByRole('link', { name: account.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Usage of ${account.name}` })).toBeVisible();
  await expect(page).toHaveURL(/\/usage\/[0-9a-f-]+\?days=7/);
  await expect(page.getByTestId('user-real-spend')).toHaveText('$1.23');
  await expect(page.getByTestId('user-simulated')).toHaveText('1 run');
  await expect(page.getByTestId('usage-days').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('usage-workflows')).toContainText('2');
  const recent = page.getByTestId('usage-recent-runs');
  await expect(recent.locator('tbody tr')).toHaveCount(2);
  await expect(recent.locator('tbody tr').filter({ hasText: 'Simulated' })).toHaveCount(1);
  await snap(page, 'user-usage', { phone: true, dark: true });

  await recent.locator('tbody tr').filter({ hasText: 'Simulated' }).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}`));

  // The Users page links each account to its usage.
  await page.goto('/users');
  await page.getByRole('searchbox').fill(account.email);
  await page.locator(`tr[data-user="${account.email}"]`).getByTestId('user-usage-link').click();
  await expect(page.getByRole('heading', { level: 1, name: `Usage of ${account.name}` })).toBeVisible();
});

test('an experiment shows what two sides wrote side by side, and as a diff', async ({ page, request, stack, snap }) => {
  test.setTimeout(300_000);
  const session = await registerViaApi(request, stack.apiUrl, newAccount('Exa Outputs'));
  const runId = await startRunOf(request, stack.apiUrl, session, 'research-brief');
  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');
  const specId = await activeSpecId(request, stack.apiUrl, session, 'research-brief');
  const admin = await adminHeaders(request, stack);
  const created = await request.post(`${stack.apiUrl}/api/admin/experiments`, {
    headers: admin,
    data: { spec_id: specId, gate_id: 'G1', source_run_id: runId, model_ids: ['gpt-4o-mini'], repeat: 1 },
  });
  expect(created.status()).toBe(201);
  const experimentId = (await created.json()).experiment.id as string;
  await expect
    .poll(async () => (await (await request.get(`${stack.apiUrl}/api/admin/experiments/${experimentId}`, { headers: admin })).json()).experiment.status, { timeout: 120_000 })
    .toBe('completed');

  // The simulator answers the candidate exactly as it answered the source run; give side B a paragraph of its own
  // (as another model would write) so the comparison has a difference to show.
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `UPDATE experiment_results SET attempt_record = jsonb_set(jsonb_set(attempt_record, '{files,0,content}',
         to_jsonb((attempt_record #>> '{files,0,content}') || E'\n\nA closing paragraph only side B wrote.\n')), '{files,0,sha256}', '"edited"')
        WHERE experiment_id = '${experimentId}'`,
    );
  } finally {
    await db.end();
  }

  await signInAsAdmin(page, stack);
  await page.goto(`/experiments/${experimentId}`);
  const outputs = page.getByTestId('experiment-outputs');
  await expect(outputs.getByRole('heading', { name: 'Outputs side by side' })).toBeVisible();
  await expect(outputs.getByTestId('side-a')).toContainText('Baseline');
  await expect(outputs.getByTestId('side-b')).toContainText('gpt-4o-mini #1');
  const pair = outputs.getByTestId('outputs-pair');
  await expect(pair.locator('article[data-side="A"]')).toContainText('Baseline');
  await expect(pair.locator('article[data-side="B"]')).toContainText('gpt-4o-mini #1');
  await expect(pair.locator('article[data-side="B"]')).toContainText('Simulated');
  // Same file on both sides, rendered or as source.
  await expect(pair.locator(':scope > article')).toHaveCount(2);
  await expect(pair.locator('article[data-side="A"] :is(esy-file-content, pre)')).toBeVisible();
  await expect(pair.locator('article[data-side="B"] :is(esy-file-content, pre)')).toBeVisible();
  // The a11y check of every route meets an experiment only when one exists: check this one, in both views.
  const rendered = await seriousViolations(page);
  expect(rendered, describeViolations('experiment outputs', rendered)).toEqual([]);
  await snap(page, 'experiment-outputs', { phone: true, dark: true });

  await expect(pair.locator('article[data-side="B"]')).toContainText('A closing paragraph only side B wrote.');
  await expect(pair.locator('article[data-side="A"]')).not.toContainText('A closing paragraph only side B wrote.');

  await outputs.getByRole('radio', { name: 'Diff' }).click();
  await expect(outputs.locator('adm-unified-diff')).toContainText('+A closing paragraph only side B wrote.');
  const diff = await seriousViolations(page);
  expect(diff, describeViolations('experiment outputs diff', diff)).toEqual([]);
  await snap(page, 'experiment-outputs-diff');
});
