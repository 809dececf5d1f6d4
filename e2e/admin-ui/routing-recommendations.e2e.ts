import { Client } from 'pg';
import { activeSpecId, registerViaApi, startRunOf } from '../support/api';
import { signInAsAdmin, waitForRunStatus } from '../support/admin-session';
import { expect, newAccount, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

/**
 * The routing recommendations page: after a finished run of the research brief and experiment evidence that
 * gpt-4o-mini passes G7 reliably, the page recommends it for G7 with its saving and confidence, charts cost per
 * successful run, and "Apply" publishes a new spec version that pins it.
 */
test('recommends a cheaper proven model per stage and applies it', async ({ page, request, stack, snap }) => {
  test.setTimeout(300_000);
  const session = await registerViaApi(request, stack.apiUrl, newAccount('Route Finder'));
  const runId = await startRunOf(request, stack.apiUrl, session, 'research-brief');
  await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');
  const specId = await activeSpecId(request, stack.apiUrl, session, 'research-brief');

  // Evidence as a finished experiment would leave it: 40 passing simulated candidates of gpt-4o-mini at G7 (Brief Complete).
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    await db.query(`WITH e AS (INSERT INTO experiments (name, spec_id, gate_id, model_ids, status)
                      VALUES ('G7 evidence', '${specId}', 'G7', ARRAY['gpt-4o-mini'], 'completed') RETURNING id)
                    INSERT INTO experiment_results (experiment_id, model_id, repeat_index, status, passed, tokens_in, tokens_out, cost_usd, duration_ms, attempt_record, completed_at)
                    SELECT e.id, 'gpt-4o-mini', i, 'passed', true, 6000, 1500, 0.0036, 800, '{"simulated": true}'::jsonb, now() - (i || ' seconds')::interval
                      FROM e, generate_series(1, 40) AS i`);
  } finally {
    await db.end();
  }

  await signInAsAdmin(page, stack);
  await page.locator('mat-sidenav').getByRole('link', { name: 'Routing', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Routing' })).toBeVisible();
  const brief = page.locator('[data-testid="routing-template"][data-slug="research-brief"]');
  const g7 = brief.locator('[data-testid="routing-stage"][data-gate="G7"]');
  await expect(g7).toHaveAttribute('data-recommended', 'gpt-4o-mini');
  await expect(g7).toContainText('40 trials');
  await expect(g7.locator('[data-confidence]')).toHaveAttribute('data-confidence', 'high');
  await expect(g7).toContainText(/\$\d/);
  await expect(g7.getByRole('button', { name: 'Confirm' })).toBeEnabled();
  // G1 has no evidence for anything cheaper than what it uses.
  await expect(brief.locator('[data-testid="routing-stage"][data-gate="G1"]')).toContainText('keep');
  await expect(brief.locator('adm-cost-per-success-chart canvas')).toBeVisible();
  await expect(page.locator('esy-error-state')).toHaveCount(0);
  await snap(page, 'routing-recommendations');

  await g7.getByTestId('apply').click();
  await expect(page.locator('mat-snack-bar-container')).toContainText(/Published Research .* G7 on gpt-4o-mini/);
  await expect(g7).toHaveAttribute('data-recommended', '');
  await expect(g7).toContainText('gpt-4o-mini');
  await snap(page, 'routing-applied');
});
