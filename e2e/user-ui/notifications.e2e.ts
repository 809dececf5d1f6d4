import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';
import { restartWorker } from '../support/stack';

/** The simulator fails this step of the research brief on every attempt, so the run pauses there. */
const FAILING_STEP = process.env.E2E_FAILING_GATE ?? 'G2';

test.describe('notifications', () => {
  test.beforeAll(async () => {
    await restartWorker({ ESY_SIMULATOR_FAIL_GATES: `${FAILING_STEP}=99` });
  });
  test.afterAll(async () => {
    await restartWorker({});
  });

  test('a run paused in one tab shows up in the bell of another, read state shared by both', async ({ page, context, snap }) => {
    test.setTimeout(180_000);
    await registerThroughUi(page, newAccount('Nora Notified'));
    const bell = page.getByTestId('notification-bell');
    await expect(bell).toHaveAttribute('aria-label', 'Notifications');
    await bell.click();
    await expect(page.getByTestId('notifications-empty')).toBeVisible();
    await page.keyboard.press('Escape');

    // The other tab starts a run; it pauses there.
    const other = await context.newPage();
    await other.goto('/workflows/research-brief');
    await other.getByRole('textbox', { name: /Topic/ }).fill('tidal power');
    await other.getByRole('button', { name: /^Start / }).click();
    await expect(other).toHaveURL(/\/activity\/[0-9a-f-]{36}$/);
    const runId = /\/activity\/([0-9a-f-]{36})/.exec(other.url())![1];
    await expect(other.getByTestId('run-status')).toContainText('Paused', { timeout: 120_000 });
    // The banner says what really happens next.
    const explanation = other.getByTestId('run-explanation');
    await expect(explanation).toContainText('waits in our team’s list of paused runs');
    await expect(explanation).not.toContainText('has been notified');
    await snap(other, 'run-paused-banner', { phone: true, dark: true });

    // The first tab, never reloaded, hears it: an unread count on the bell, and the item links to the run.
    await expect(bell).toHaveAttribute('aria-label', 'Notifications, 1 unread', { timeout: 30_000 });
    await bell.click();
    const item = page.getByTestId('notification').first();
    await expect(item).toHaveAttribute('data-kind', 'run_paused');
    await expect(item).toContainText('tidal power');
    await expect(item).toContainText('paused');
    await snap(page, 'notifications-menu', { phone: true, dark: true });
    await item.click();
    await expect(page).toHaveURL(new RegExp(`/activity/${runId}$`));
    await expect(bell).toHaveAttribute('aria-label', 'Notifications');
    // Read in one tab, read in the other; and it stays read after a reload.
    await expect(other.getByTestId('notification-bell')).toHaveAttribute('aria-label', 'Notifications');
    await other.reload();
    await expect(other.getByTestId('notification-bell')).toHaveAttribute('aria-label', 'Notifications');
    await other.getByTestId('notification-bell').click();
    await expect(other.getByTestId('notification')).toHaveCount(1);
  });

  test('run emails are a choice in the settings', async ({ page, snap }) => {
    await registerThroughUi(page, newAccount('Ella Email'));
    await page.goto('/settings/notifications');
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    const toggle = page.getByRole('switch', { name: 'Email me when a run pauses, finishes or fails' });
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await toggle.click();
    await expect(page.getByRole('status').filter({ hasText: 'Run emails are on.' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('switch', { name: 'Email me when a run pauses, finishes or fails' })).toHaveAttribute('aria-checked', 'true');
    await snap(page, 'settings-notifications', { phone: true, dark: true });
  });
});
