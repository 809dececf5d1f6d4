import { quickestWorkflowSlug, registerViaApi, startRunOf } from '../support/api';
import { expect, newAccount, signInThroughUi, test } from '../support/fixtures';

/**
 * What a user sees around the happy path: a new account's empty pages, filters that find nothing, an unknown
 * address, the API failing (and coming back on "Try again"), paging through a long history, and the dark theme.
 */
test.describe('empty, error and paged states', () => {
  test('a new account: empty pages, filters kept in the address, unknown workflow, dark theme', async ({ page, request, stack, snap }) => {
    const account = newAccount('Grace');
    await registerViaApi(request, stack.apiUrl, account);
    await signInThroughUi(page, account);

    await page.goto('/activity');
    await expect(page.getByText('No runs yet')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Browse workflows' })).toBeVisible();
    await snap(page, 'activity-empty');
    await page.goto('/artifacts');
    await expect(page.getByText('No artifacts yet')).toBeVisible();
    await snap(page, 'artifacts-empty', { phone: true });

    // Filters narrow the cards and live in the address, so a reload or a shared link keeps them.
    await page.goto('/workflows');
    await expect.poll(() => page.locator('esy-workflow-card').count()).toBeGreaterThanOrEqual(2);
    const all = await page.locator('esy-workflow-card').count();
    await page.getByRole('radiogroup', { name: 'Type' }).getByRole('radio', { name: 'Research' }).click();
    await expect(page).toHaveURL(/[?&]type=research/);
    // "Not all cards" must not be satisfied by the empty list shown while the filtered page loads.
    const filteredCount = () => page.locator('esy-workflow-card').count();
    await expect.poll(filteredCount).toBeGreaterThan(0);
    await expect.poll(filteredCount).toBeLessThan(all);
    await expect(page.locator('esy-workflow-card').first()).toContainText(/research/i);
    await page.reload();
    await expect(page.getByRole('radiogroup', { name: 'Type' }).getByRole('radio', { name: 'Research' })).toBeChecked();
    await expect.poll(filteredCount).toBeGreaterThan(0);
    await expect.poll(filteredCount).toBeLessThan(all);

    await page.getByRole('radiogroup', { name: 'Depth' }).getByRole('radio', { name: 'Deep' }).click();
    await expect(page).toHaveURL(/[?&]depth=deep/);
    await expect(page.getByText('No workflows match')).toBeVisible();
    await snap(page, 'workflows-no-match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.locator('esy-workflow-card')).toHaveCount(all);
    await expect(page).not.toHaveURL(/type=|depth=/);

    await page.goto('/workflows/no-such-workflow');
    await expect(page.getByRole('heading', { name: 'Workflow not found' })).toBeVisible();

    // The theme button cycles system → light → dark; the choice sticks across a reload.
    await page.goto('/workflows');
    await expect.poll(() => page.locator('esy-workflow-card').count()).toBe(all);
    const toggle = page.getByRole('button', { name: /^Theme: / });
    while (!/Theme: dark/.test((await toggle.getAttribute('aria-label')) ?? '')) await toggle.click();
    await page.reload();
    await expect(page.getByRole('button', { name: /^Theme: dark/ })).toBeVisible();
    const scheme = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
    expect(scheme).toContain('dark');
    await expect.poll(() => page.locator('esy-workflow-card').count()).toBe(all);
    await snap(page, 'workflows-dark', { phone: true });
  });

  test('a failed load says so and recovers on "Try again"', async ({ page, request, stack, snap }) => {
    const account = newAccount('Hedy');
    await registerViaApi(request, stack.apiUrl, account);
    await signInThroughUi(page, account);

    // The run list fails once (as if the server hiccupped), then works again.
    let failures = 1;
    await page.route('**/api/runs?**', async (route) => {
      if (failures-- > 0) {
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ status: 503, error: 'service_unavailable', message: 'The service is busy, try again shortly.' }) });
      } else {
        await route.continue();
      }
    });
    await page.goto('/activity');
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load your runs' });
    await expect(alert).toBeVisible();
    await snap(page, 'activity-error');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByText('No runs yet')).toBeVisible();
  });

  test('a long history is paged, and the page is kept in the address', async ({ page, request, stack, snap }) => {
    test.setTimeout(180_000);
    const account = newAccount('Katherine');
    const session = await registerViaApi(request, stack.apiUrl, account);
    // One more run than the first page holds (10), of the shortest workflow.
    const slug = await quickestWorkflowSlug(request, stack.apiUrl, session);
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await startRunOf(request, stack.apiUrl, session, slug));

    await signInThroughUi(page, account);
    await page.goto('/activity');
    await expect(page.locator('[data-run]')).toHaveCount(10);
    await expect(page.getByText('1 – 10 of 11')).toBeVisible();
    // Newest first: the last run started is at the top.
    await expect(page.locator('[data-run]').first()).toHaveAttribute('data-run', ids[10]);
    await snap(page, 'activity-paged', { dark: true });

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/[?&]page=2/);
    await expect(page.locator('[data-run]')).toHaveCount(1);
    await expect(page.locator('[data-run]').first()).toHaveAttribute('data-run', ids[0]);
    await page.reload();
    await expect(page.locator('[data-run]')).toHaveCount(1);
    await expect(page.getByText('11 – 11 of 11')).toBeVisible();

    // A piece without an essay page (a research package) opens on its files, with the main text previewed.
    await expect(async () => {
      const response = await request.get(`${stack.apiUrl}/api/runs/${ids[0]}`, { headers: session.auth });
      const body = (await response.json()) as { run?: { status: string }; status?: string };
      expect(body.run?.status ?? body.status).toBe('completed');
    }).toPass({ timeout: 120_000, intervals: [1000] });
    await page.goto(`/artifacts/${ids[0]}`);
    const hasEssay = await page.getByRole('tab', { name: 'Essay' }).count();
    if (!hasEssay) {
      await expect(page.getByRole('tab', { name: 'Research package' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('markdown-preview')).toBeVisible();
      await snap(page, 'artifact-research-package', { phone: true, dark: true });
    }
  });
});
