import { registerViaApi, startRunOf } from '../support/api';
import { expect, newAccount, signInThroughUi, test } from '../support/fixtures';
import { restartWorker } from '../support/stack';

/** Which step the simulator is told to fail on every attempt (a gate every built-in workflow has). */
const FAILING_STEP = process.env.E2E_FAILING_GATE ?? 'G2';

test.describe('a run paused by a failing step', () => {
  test.beforeAll(async () => {
    await restartWorker({ ESY_SIMULATOR_FAIL_GATES: `${FAILING_STEP}=99` });
  });
  test.afterAll(async () => {
    await restartWorker({});
  });

  test('is explained in plain words, without internals', async ({ page, request, stack, snap }) => {
    test.setTimeout(120_000);
    const account = newAccount('Paula');
    const session = await registerViaApi(request, stack.apiUrl, account);
    const runId = await startRunOf(request, stack.apiUrl, session);

    await signInThroughUi(page, account);
    await page.goto(`/activity/${runId}`);

    const explanation = page.getByTestId('run-explanation');
    await expect(explanation).toContainText('Paused', { timeout: 90_000 });
    await expect(explanation).toContainText('quality');
    await expect(explanation).toContainText('nothing is lost');
    await expect(page.locator(`[data-step="${FAILING_STEP}"]`)).toHaveAttribute('data-status', 'failed');
    await expect(page.getByTestId('run-status')).toContainText('Paused');
    // Users never see the engine's vocabulary.
    const text = (await page.locator('main').innerText()).toLowerCase();
    for (const word of ['gate', 'agent', 'contract', 'validation_failed', 'model']) expect(text).not.toContain(word);
    await snap(page, 'run-paused');
  });

  test('can be cancelled by its owner, after a confirmation', async ({ page, request, stack, snap }) => {
    test.setTimeout(120_000);
    const account = newAccount('Carla');
    const session = await registerViaApi(request, stack.apiUrl, account);
    const runId = await startRunOf(request, stack.apiUrl, session);

    await signInThroughUi(page, account);
    await page.goto(`/activity/${runId}`);
    await expect(page.getByTestId('run-status')).toContainText('Paused', { timeout: 90_000 });

    await page.getByTestId('cancel-run').click();
    await expect(page.getByTestId('cancel-bar')).toContainText('Cancel this run?');
    await snap(page, 'run-cancel-confirm');
    await page.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('run-status')).toContainText('Cancelled');
    await expect(page.getByTestId('cancel-bar')).toHaveCount(0);
    const run = await request.get(`${stack.apiUrl}/api/runs/${runId}`, { headers: session.auth });
    expect((await run.json()).run.status).toBe('cancelled');
  });
});
