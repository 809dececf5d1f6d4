import type { Page } from '@playwright/test';
import { expect, signInThroughUi } from './fixtures';
import type { StackState } from './stack';

/** Signs in to the admin console as the seeded administrator and waits for the dashboard. */
export async function signInAsAdmin(page: Page, stack: StackState): Promise<void> {
  await signInThroughUi(page, { email: stack.adminEmail, password: stack.adminPassword, name: 'Admin' });
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
}

/** Marks the current document so a test can prove later that what changed did so live, without a reload. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __admMark: number }).__admMark = 42));
}

export async function documentStillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __admMark?: number }).__admMark === 42);
}

/** Waits until a run reaches a status, read straight from the API (for set-up steps the test is not about). */
export async function waitForRunStatus(
  request: import('@playwright/test').APIRequestContext,
  apiUrl: string,
  auth: { authorization: string },
  runId: string,
  status: string,
  timeoutMs = 90_000,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get(`${apiUrl}/api/runs/${runId}`, { headers: auth });
        const body = (await response.json()) as { run?: { status?: string }; status?: string };
        return body.run?.status ?? body.status;
      },
      { timeout: timeoutMs, intervals: [500, 1000] },
    )
    .toBe(status);
}
