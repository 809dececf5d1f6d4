import type { Locator, Page } from '@playwright/test';
import { signInAsAdmin } from '../support/admin-session';
import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

/** Picks an option of a Material select by its label inside a container. */
async function choose(page: Page, scope: Locator, label: string | RegExp, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}

const STAGES = [
  { gate: 'G1', name: 'Intake Approval', phase: 'intake', agent: /intake-orchestrator/ },
  { gate: 'G2', name: 'Research Complete', phase: 'research', agent: /research-lead/ },
  { gate: 'G7', name: 'Glossary Complete', phase: 'production', agent: /brief-writer/ },
];

test('an admin builds a three-stage template, publishes v1.0.0, and a user runs it to completion', async ({ page, browser, stack, snap }) => {
  test.setTimeout(300_000);
  const suffix = Date.now().toString(36);
  const slug = `glossary-${suffix}`;
  const name = `Glossary ${suffix}`;

  await signInAsAdmin(page, stack);
  await page.getByRole('link', { name: 'Templates' }).first().click();
  await expect(page.getByTestId('templates-table')).toBeVisible();
  await snap(page, 'templates');
  await page.getByRole('link', { name: 'New template' }).click();

  // 1. Basics create the template (users do not see it until a version is published).
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Slug').fill(slug);
  await choose(page, page.locator('form').first(), 'Type', 'research');
  await choose(page, page.locator('form').first(), 'Depth', 'quick');
  await page.getByLabel('Description').fill('A short glossary of the terms around a topic, with sources.');
  await page.getByLabel('What you get (one per line)').fill('A sourced glossary in Markdown');
  await snap(page, 'template-new');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);

  // 2. Intake form: one required text field.
  await page.getByRole('button', { name: 'Add field' }).click();
  const field = page.getByTestId('intent-field').first();
  await field.getByLabel('Key').fill('topic');
  await field.getByLabel('Label').fill('Topic');
  await field.getByRole('checkbox', { name: 'Required' }).check();

  // 3. Three stages, each with an agent from the registry.
  for (const [index, stage] of STAGES.entries()) {
    await page.getByRole('button', { name: 'Add stage' }).click();
    const row = page.getByTestId('stage').nth(index);
    await row.getByLabel('Gate id').fill(stage.gate);
    await row.getByLabel('Stage name').fill(stage.name);
    await choose(page, row, 'Phase', stage.phase);
    await choose(page, row, 'Agent', stage.agent);
  }
  // The model picker shows tiers and prices; pin the last stage to a cheap model.
  await choose(page, page.getByTestId('stage').nth(2), 'Model', /gpt-4o-mini/);

  // Checked and priced live by the server.
  await expect(page.getByTestId('draft-issues')).toContainText('Ready to publish', { timeout: 20_000 });
  const cost = page.getByTestId('cost-profile');
  await expect(cost).toContainText('typical');
  await expect(cost).toContainText('G7');
  await expect(cost).toContainText('gpt-4o-mini');
  await snap(page, 'template-editor');

  // A broken stage is caught before publishing.
  await page.getByTestId('stage').nth(2).getByLabel('Gate id').fill('G1');
  await expect(page.getByTestId('draft-issues')).toContainText('gate id G1 is used twice');
  await expect(page.getByRole('button', { name: /^Publish v/ })).toBeDisabled();
  await page.getByTestId('stage').nth(2).getByLabel('Gate id').fill('G7');
  await expect(page.getByTestId('draft-issues')).toContainText('Ready to publish', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Publish v1.0.0' }).click();
  await expect(page.getByTestId('versions')).toContainText('v1.0.0');
  await expect(page.getByTestId('versions')).toContainText('active');
  // The editor moves on to the next version.
  await expect(page.getByRole('textbox', { name: 'Version' })).toHaveValue('1.1.0');
  await snap(page, 'template-published');

  // A user finds it in user-ui and runs it to completion.
  if (!stack.userUiUrl) throw new Error('user-ui is not served in this run (E2E_APPS)');
  const context = await browser.newContext({ baseURL: stack.userUiUrl });
  const user = await context.newPage();
  await registerThroughUi(user, newAccount('Gloria User'));
  await user.goto(`/workflows/${slug}`);
  await expect(user.getByRole('heading', { level: 1 })).toContainText(name);
  await user.getByRole('textbox', { name: /Topic/ }).fill('photosynthesis');
  await user.getByRole('button', { name: /^Start / }).click();
  await expect(user).toHaveURL(/\/activity\/[0-9a-f-]{36}$/);
  await expect(user.locator('[data-step]')).toHaveCount(3);
  await expect(user.getByTestId('run-status')).toContainText('Ready', { timeout: 120_000 });
  await context.close();
});
