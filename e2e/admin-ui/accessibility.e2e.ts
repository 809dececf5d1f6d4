import type { APIRequestContext, Page } from '@playwright/test';
import { quickestWorkflowSlug, registerViaApi, startRunOf } from '../support/api';
import { signInAsAdmin, waitForRunStatus } from '../support/admin-session';
import { describeViolations, seriousViolations } from '../support/axe';
import { expect, newAccount, test } from '../support/fixtures';
import type { StackState } from '../support/stack';

test.use({ app: 'admin-ui' });

/**
 * WCAG 2.1 A/AA, as axe-core checks it, on every route of the console's app.routes.ts, in the light and the dark
 * theme: no serious or critical violation. One browser context per theme; detail routes open real data (a
 * finished run, the first template, the first experiment when there is one).
 */
let run: Promise<string> | undefined;
function finishedRun(request: APIRequestContext, stack: StackState): Promise<string> {
  run ??= (async () => {
    const session = await registerViaApi(request, stack.apiUrl, newAccount('Ada Audit'));
    const runId = await startRunOf(request, stack.apiUrl, session, await quickestWorkflowSlug(request, stack.apiUrl, session));
    await waitForRunStatus(request, stack.apiUrl, session.auth, runId, 'completed');
    return runId;
  })();
  return run;
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

/** The first link of a list page that leads to one of its detail pages, e.g. /templates/<id>. */
async function firstDetailLink(page: Page, list: string, pattern: RegExp): Promise<string | null> {
  await page.goto(list);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((href) => pattern.test(href)) ?? null;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every console route has no serious or critical WCAG 2.1 AA violation (${colorScheme})`, async ({ page, request, stack }) => {
    test.setTimeout(300_000);
    const runId = await finishedRun(request, stack);
    await page.emulateMedia({ colorScheme });
    const problems: string[] = [];

    for (const route of ['/sign-in', '/forgot-password', '/reset-password?token=not-a-real-token']) await check(page, route, problems);

    await signInAsAdmin(page, stack);
    const template = await firstDetailLink(page, '/templates', /^\/templates\/(?!new)[^/]+$/);
    expect(template, 'the templates page links to a template').toBeTruthy();
    const experiment = await firstDetailLink(page, '/experiments', /^\/experiments\/[^/]+$/);
    const userUsage = await firstDetailLink(page, '/usage', /^\/usage\/[^/?]+/);
    expect(userUsage, 'the usage page links to a user').toBeTruthy();
    const routes = [
      '/',
      '/runs',
      `/runs/${runId}`,
      `/runs/${runId}?section=trace`,
      '/templates',
      '/templates/new',
      template ?? '/templates',
      '/agents',
      '/models',
      '/health',
      '/experiments',
      ...(experiment ? [experiment] : []),
      '/routing',
      '/settings',
      '/users',
      '/usage',
      '/usage?days=7&sort=runs',
      userUsage ?? '/usage',
      '/audit',
      '/webhooks',
      '/account/sessions',
      '/no-access',
      '/account/password',
      '/no-such-page',
    ];
    for (const route of routes) await check(page, route, problems);

    expect(problems, `axe-core found serious or critical violations (${colorScheme}):\n${problems.join('\n')}`).toEqual([]);
  });
}
