import { registerViaApi } from '../support/api';
import { expect, newAccount, signInThroughUi, test } from '../support/fixtures';
import { expectFocusVisible, focusReport, tabTo } from '../support/keyboard';

/**
 * A keyboard-only user starts a run: from the dashboard to the run's page with Tab, Enter, Space and the arrow
 * keys, the focused element always visibly marked. Sign-in (not the subject here) is done the ordinary way.
 */
test('a run can be created with the keyboard alone, focus visible at every step', async ({ page, request, stack, snap }) => {
  test.setTimeout(180_000);
  const account = newAccount('Kim Keyboard');
  const session = await registerViaApi(request, stack.apiUrl, account);
  await signInThroughUi(page, account);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('What would you like to make today?');

  // Dashboard → Workflows: the first Tab reaches the skip link, which must be visible when focused.
  await page.keyboard.press('Tab');
  expect((await expectFocusVisible(page)).element).toContain('Skip');
  await tabTo(page, page.getByRole('link', { name: 'Browse workflows' }));
  await snap(page, 'keyboard-focus-dashboard');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/workflows$/);

  // Workflows → the research brief's card.
  await tabTo(page, page.locator('esy-workflow-card a[href="/workflows/research-brief"]').first(), 60);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/workflows\/research-brief$/);
  await expect(page.getByRole('heading', { name: 'Your brief', exact: true })).toBeVisible();

  // The brief: type the topic, pick the audience with Space and the arrow keys, start with Enter.
  await tabTo(page, page.getByRole('textbox', { name: /Topic/ }));
  await page.keyboard.type('Lighthouses of the Atlantic');
  const audience = page.getByRole('combobox', { name: /Audience/ });
  await tabTo(page, audience);
  await page.keyboard.press('Space');
  const listbox = page.getByRole('listbox');
  await expect(listbox).toBeVisible();
  // Arrow down until the Experts option is the active one (the list may start with "No preference").
  for (let i = 0; i < 5 && !(await page.getByRole('option', { name: 'Experts' }).evaluate((el) => el.classList.contains('mat-mdc-option-active'))); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await expect(listbox).toBeHidden();
  await expect(audience).toContainText('Experts');
  // Closing the list hands focus back to the select.
  expect((await focusReport(page)).element).toContain('combobox');

  await tabTo(page, page.getByRole('button', { name: /^Start / }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/activity\/[0-9a-f-]{36}$/);
  const runId = page.url().split('/').pop() ?? '';
  await expect(page.locator('[data-step]').first()).toBeVisible();

  // The run carries exactly what was chosen with the keyboard.
  const run = (await (await request.get(`${stack.apiUrl}/api/runs/${runId}`, { headers: session.auth })).json()) as {
    run?: { intent?: Record<string, unknown> };
    intent?: Record<string, unknown>;
  };
  expect(run.run?.intent ?? run.intent).toMatchObject({ topic: 'Lighthouses of the Atlantic', audience: 'expert' });
});
