import { registerViaApi, startRunOf } from '../support/api';
import { expect, newAccount, signInThroughUi, test } from '../support/fixtures';
import { restartWorker, startApi, stopApi } from '../support/stack';
import { recordStepChanges, stepLog } from '../support/steps';

/** How far along each status is; a step's recorded statuses must never go back down this order. */
const RANK: Record<string, number> = { pending: 0, running: 1, retrying: 1, failed: 1, passed: 2, warning: 2, skipped: 2 };

test.describe('live progress across a lost connection', () => {
  // Slower steps, so the run is still going while the connection is down.
  test.beforeAll(async () => restartWorker({ ESY_SIMULATOR_LATENCY_MS: '2000' }));
  test.afterAll(async () => restartWorker({}));

  test('reconnects and catches up without losing or repeating progress', async ({ page, request, stack, snap }) => {
    test.setTimeout(180_000);
    const account = newAccount('Lin');
    const session = await registerViaApi(request, stack.apiUrl, account);
    const runId = await startRunOf(request, stack.apiUrl, session);

    await recordStepChanges(page);
    await signInThroughUi(page, account);
    await page.goto(`/activity/${runId}`);
    await expect(page.locator('[data-step][data-status="passed"]').first()).toBeVisible({ timeout: 60_000 });

    // The server goes away mid-run: the page says so, keeps its state, and comes back by itself.
    await stopApi();
    try {
      await expect(page.getByText('Connection lost — reconnecting')).toBeVisible({ timeout: 15_000 });
      await snap(page, 'run-reconnecting');
    } finally {
      await startApi(); // whatever happened, the next tests need the API
    }
    await expect(page.getByText('Connection lost — reconnecting')).toBeHidden({ timeout: 45_000 });

    await expect(page.getByTestId('run-status')).toContainText('Ready', { timeout: 150_000 });
    const total = await page.locator('[data-step]').count();
    await expect(page.locator('[data-step][data-status="passed"], [data-step][data-status="warning"], [data-step][data-status="skipped"]')).toHaveCount(total);
    for (const [step, statuses] of Object.entries(await stepLog(page))) {
      const ranks = statuses.map((status) => RANK[status] ?? 0);
      expect(ranks, `${step} went ${statuses.join(' → ')}`).toEqual([...ranks].sort((a, b) => a - b));
    }
  });
});
