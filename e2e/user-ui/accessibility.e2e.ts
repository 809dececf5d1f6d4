import type { APIRequestContext, Page } from '@playwright/test';
import { quickestWorkflowSlug, registerViaApi, startRunOf } from '../support/api';
import { waitForRunStatus } from '../support/admin-session';
import { describeViolations, seriousViolations } from '../support/axe';
import { expect, newAccount, signInThroughUi, test, type Account } from '../support/fixtures';
import type { StackState } from '../support/stack';

/**
 * WCAG 2.1 A/AA, as axe-core checks it, on every route of app.routes.ts, in the light and the dark theme: no
 * serious or critical violation. One browser context per theme; each route is loaded fresh (as a shared link
 * would be). Detail routes open real data: a finished run of the quickest workflow, its artifact, its spec.
 */
interface Data {
  account: Account;
  slug: string;
  runId: string;
}

let data: Promise<Data> | undefined;
/** Made once for both themes (tests run one at a time in one worker). */
function userData(request: APIRequestContext, stack: StackState): Promise<Data> {
  data ??= (async () => {
    const account = newAccount('Axel Access');
    const session = await registerViaApi(request, stack.apiUrl, account);
    const slug = await quickestWorkflowSlug(request, stack.apiUrl, session);
    const runId = await startRunOf(request, stack.apiUrl, session, slug);
    await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');
    return { account, slug, runId };
  })();
  return data;
}

async function check(page: Page, route: string, problems: string[]): Promise<void> {
  await page.goto(route);
  // Every page names itself with one h1 (screen-reader users jump to it); waiting for it also waits for the page.
  const heading = await page
    .getByRole('heading', { level: 1 })
    .first()
    .waitFor({ timeout: 30_000 })
    .then(() => true, () => false);
  if (!heading) problems.push(`${route}: the page has no level-one heading`);
  // Pages that load data show a progress indicator meanwhile; check the page the user ends up reading.
  await expect(page.locator('mat-progress-bar, mat-spinner, esy-loading-state, [aria-busy="true"]')).toHaveCount(0);
  const violations = await seriousViolations(page);
  if (violations.length) problems.push(describeViolations(route, violations));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every user-app route has no serious or critical WCAG 2.1 AA violation (${colorScheme})`, async ({ page, request, stack, snap }) => {
    test.setTimeout(300_000);
    const { account, slug, runId } = await userData(request, stack);
    await page.emulateMedia({ colorScheme });
    const problems: string[] = [];

    for (const route of ['/sign-in', '/register', '/forgot-password', '/reset-password?token=not-a-real-token']) await check(page, route, problems);

    await signInThroughUi(page, account);
    await page.goto('/specs');
    const specHref = await page.locator('a[data-spec]').first().getAttribute('href');
    expect(specHref, 'the specs page links to at least one spec').toBeTruthy();
    const routes = [
      '/',
      '/workflows',
      `/workflows/${slug}`,
      '/activity',
      `/activity/${runId}`,
      '/artifacts',
      `/artifacts/${runId}`,
      '/specs',
      specHref ?? '/specs',
      '/settings/api-keys',
      '/settings/webhooks',
      '/settings/notifications',
      '/settings/sessions',
      '/account/password',
      '/no-such-page',
    ];
    for (const route of routes) await check(page, route, problems);
    await snap(page, `not-found-${colorScheme}`, { phone: true });

    expect(problems, `axe-core found serious or critical violations (${colorScheme}):\n${problems.join('\n')}`).toEqual([]);
  });
}
