import { registerViaApi, startRunOf } from '../support/api';
import { documentStillMarked, markDocument, signInAsAdmin, waitForRunStatus } from '../support/admin-session';
import { expect, newAccount, test } from '../support/fixtures';
import { restartWorker } from '../support/stack';

test.use({ app: 'admin-ui' });

/** The simulator fails the first three attempts of this gate, so every run pauses there (max_attempts is 3). */
const FAILING_GATE = process.env.E2E_FAILING_GATE ?? 'G2';
const OTHER_MODEL = 'gpt-4o-mini';

test.describe('debugging a paused run in the console', () => {
  test.beforeAll(async () => {
    await restartWorker({ ESY_SIMULATOR_FAIL_GATES: `${FAILING_GATE}=3` });
  });
  test.afterAll(async () => {
    await restartWorker({});
  });

  test('the operator reads why a gate failed, reruns it on another model and watches the run complete live', async ({ page, request, stack, snap }) => {
    test.setTimeout(240_000);
    const session = await registerViaApi(request, stack.apiUrl, newAccount('Rita Runner'));
    const runId = await startRunOf(request, stack.apiUrl, session, 'research-brief');

    await signInAsAdmin(page, stack);
    await page.getByRole('link', { name: 'Runs' }).first().click();
    const row = page.locator(`tr[data-run="${runId}"]`);
    await expect(row).toBeVisible();
    // The inspector follows the run live until it pauses.
    await expect(row).toHaveAttribute('data-status', 'paused', { timeout: 90_000 });
    await snap(page, 'runs');
    await row.getByRole('link').click();

    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
    const analysis = page.getByTestId('failure-analysis');
    await expect(analysis).toContainText(`${FAILING_GATE}`);
    await expect(analysis).toContainText('failed 3 of 3 attempts');
    await snap(page, 'run-paused');
    await analysis.getByRole('button', { name: `Inspect ${FAILING_GATE}` }).click();

    const detail = page.locator(`[data-testid="gate-detail"][data-gate="${FAILING_GATE}"]`);
    await expect(detail.getByTestId('fail-code').first()).toBeVisible();
    const checks = detail.getByTestId('validation-results');
    await expect(checks.locator('tr[data-passed="false"]').first()).toBeVisible();
    await expect(checks).toContainText('failed');

    await detail.getByRole('tab', { name: 'Prompt packet' }).click();
    const packet = detail.getByTestId('prompt-packet');
    await expect(packet).toContainText('tokens');
    await expect(packet.locator('[data-section="agent"]')).toBeVisible();
    await packet.locator('[data-section="instructions"]').first().click();
    await expect(packet.locator('[data-section="instructions"] pre')).toBeVisible();
    await snap(page, 'run-prompt-packet');

    await detail.getByRole('tab', { name: 'Raw output' }).click();
    const raw = detail.getByTestId('raw-output').first();
    await expect(raw).toContainText('Round 1');
    await expect(raw).toContainText('write_file');
    await snap(page, 'run-raw-output');

    // The address holds gate, attempt and tab: a colleague opening the link sees this very attempt and tab.
    await detail.locator('[role="tab"][data-attempt="1"]').click();
    await expect(page).toHaveURL(/[?&]attempt=1(&|$)/);
    await expect(page).toHaveURL(new RegExp(`[?&]gate=${FAILING_GATE.replace('.', '\\.')}(&|$)`));
    await expect(page).toHaveURL(/[?&]view=output(&|$)/);
    const link = page.url();
    await page.goto('/runs');
    await page.goto(link);
    await expect(detail.locator('[role="tab"][data-attempt="1"]')).toHaveAttribute('aria-selected', 'true');
    await expect(detail.getByRole('tab', { name: 'Raw output' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator(`adm-gate-timeline [data-gate="${FAILING_GATE}"]`)).toHaveAttribute('aria-selected', 'true');
    // Back steps through what was looked at: the previous page, then (forward) the attempt again.
    await page.goBack();
    await expect(page).toHaveURL(/\/runs$/);
    await page.goForward();
    await expect(detail.locator('[role="tab"][data-attempt="1"]')).toHaveAttribute('aria-selected', 'true');
    await detail.locator('[role="tab"][data-attempt="3"]').click();
    await page.goBack();
    await expect(detail.locator('[role="tab"][data-attempt="1"]')).toHaveAttribute('aria-selected', 'true');
    await snap(page, 'run-deep-link');

    await markDocument(page);
    await detail.getByRole('button', { name: 'Rerun on another model' }).click();
    const dialog = page.getByRole('dialog');
    // The picker lists the active models with provider, tier and price.
    await dialog.getByRole('combobox', { name: 'Model' }).fill(OTHER_MODEL);
    // The picker's own options (the gate strip's cards are options too, and a card may name the same model).
    const option = page.locator('.mat-mdc-autocomplete-panel').getByRole('option', { name: new RegExp(OTHER_MODEL) });
    await expect(option).toContainText('low');
    await expect(option).toContainText('per 1K');
    // No provider has a key on this stack: the picker says the attempt will be simulated.
    await expect(option.getByTestId('simulated-mark')).toHaveText('· simulated (no provider key)');
    await option.click();
    await dialog.getByLabel('Reason (optional)').fill('Contract kept failing on the routed model');
    await dialog.getByRole('button', { name: 'Rerun on this model' }).click();

    // Live: the gate turns green and the run completes, with no reload of the page.
    await expect(page.locator(`adm-gate-timeline [data-gate="${FAILING_GATE}"]`)).toHaveAttribute('data-status', 'passed', { timeout: 60_000 });
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
    expect(await documentStillMarked(page)).toBe(true);
    await expect(detail.locator('[data-attempt="4"]')).toContainText(OTHER_MODEL);
    await expect(detail.getByTestId('attempt-model')).toContainText(OTHER_MODEL);

    await page.getByRole('tab', { name: 'Cost' }).click();
    await expect(page.getByText('By model')).toBeVisible();
    await expect(page.locator('adm-cost-bars').nth(1)).toContainText(OTHER_MODEL);
    await snap(page, 'run-cost');
    await page.getByRole('tab', { name: 'Log' }).click();
    await expect(page.getByTestId('run-log')).toContainText(`Operator: rerun ${FAILING_GATE} on ${OTHER_MODEL}`);
    await snap(page, 'run-log');
    await page.getByRole('tab', { name: /Artifacts/ }).click();
    await expect(page.getByTestId('artifacts')).toContainText(/[0-9a-f]{64}/);
    await snap(page, 'run-artifacts');

    // A file's history across attempts: every version with the attempt that wrote it, and a diff between two.
    await page.getByRole('tab', { name: 'Gates' }).click();
    await detail.getByRole('tab', { name: /Files/ }).click();
    await detail.locator('.adm-link-button').first().click();
    const history = page.getByTestId('file-history');
    await expect(history.locator('[data-version]')).not.toHaveCount(0);
    expect(await history.locator('[data-version]').count()).toBeGreaterThanOrEqual(2);
    await expect(history.locator('[data-version][aria-pressed="true"]')).toContainText(`${FAILING_GATE} #4`);
    await history.getByRole('radio', { name: 'Compare' }).click();
    await expect(history.getByTestId('unified-diff')).toContainText('@@');
    await expect(page).toHaveURL(/[?&]section=artifacts(&|$)/);
    await snap(page, 'run-file-history');
    // The comparison is in the address too.
    await history.getByRole('combobox').click();
    await page.locator('.mat-mdc-select-panel').getByRole('option').first().click();
    await expect(page).toHaveURL(/[?&]compare=\d+(&|$)/);
    await page.reload();
    await expect(page.getByTestId('file-history').getByTestId('unified-diff')).toContainText('@@');

    // Rerunning a gate of a delivered run warns what it reopens (the package, the later gates' checks) and needs a
    // reason; keeping it as is changes nothing.
    await page.getByRole('tab', { name: 'Gates' }).click();
    await page.locator(`adm-gate-timeline [data-gate="${FAILING_GATE}"]`).click();
    await detail.getByRole('button', { name: 'Rerun', exact: true }).click();
    const reopen = page.getByRole('dialog');
    await expect(reopen).toContainText('already delivered its artifact');
    await expect(reopen).toContainText('every passed gate is re-checked against the new files');
    await reopen.getByRole('button', { name: 'Reopen and rerun' }).click();
    await expect(reopen).toBeVisible();
    await reopen.getByRole('button', { name: 'Keep as is' }).click();
    await expect(reopen).toBeHidden();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed');
  });

  test('skip and approve record who decided and why', async ({ page, request, stack, snap }) => {
    test.setTimeout(240_000);
    const session = await registerViaApi(request, stack.apiUrl, newAccount('Sam Skip'));
    const toApprove = await startRunOf(request, stack.apiUrl, session, 'research-brief');
    const toSkip = await startRunOf(request, stack.apiUrl, session, 'research-brief');
    await waitForRunStatus(request, stack.apiUrl, session.auth, toApprove, 'paused');
    await waitForRunStatus(request, stack.apiUrl, session.auth, toSkip, 'paused');

    await signInAsAdmin(page, stack);
    for (const [runId, action, reason] of [
      [toApprove, 'Approve', 'Sources verified by hand; the counter missed two'],
      [toSkip, 'Skip', 'Research is supplied by the client for this brief'],
    ] as const) {
      await page.goto(`/runs/${runId}`);
      await page.getByTestId('failure-analysis').getByRole('button', { name: `Inspect ${FAILING_GATE}` }).click();
      const detail = page.locator(`[data-testid="gate-detail"][data-gate="${FAILING_GATE}"]`);
      await detail.getByRole('button', { name: action, exact: true }).click();
      const dialog = page.getByRole('dialog');
      // A reason is required: confirming without one keeps the dialog open.
      await dialog.getByRole('button', { name: action === 'Approve' ? 'Approve as passed' : 'Skip gate' }).click();
      await expect(dialog.getByText('Say why')).toBeVisible();
      await dialog.getByLabel('Reason').fill(reason);
      await dialog.getByRole('button', { name: action === 'Approve' ? 'Approve as passed' : 'Skip gate' }).click();
      await expect(dialog).toBeHidden();

      await expect(page.locator(`adm-gate-timeline [data-gate="${FAILING_GATE}"]`)).toHaveAttribute('data-status', action === 'Approve' ? 'passed' : 'skipped', { timeout: 30_000 });
      await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
      await expect(detail.getByTestId('status-reason')).toContainText(reason);
      await page.getByRole('tab', { name: 'Log' }).click();
      const log = page.getByTestId('run-log');
      await expect(log).toContainText(`Operator: ${action.toLowerCase()} ${FAILING_GATE}`);
      await expect(log).toContainText(reason);
      await expect(log).toContainText(stack.adminEmail);
      await snap(page, action === 'Approve' ? 'run-approved' : 'run-skipped');
    }
  });
});
