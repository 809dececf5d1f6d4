import type { APIRequestContext } from '@playwright/test';
import { signInAsAdmin } from '../support/admin-session';
import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';

test.use({ app: 'admin-ui' });

/** Three stages; the last runs two agents side by side, so the trace has parallel bars. */
const STAGES = [
  { gate: 'G1', name: 'Intake Approval', phase: 'intake', agent: 'intake-orchestrator', estimates: { input_tokens: 1000, output_tokens: 500 } },
  { gate: 'G3', name: 'Outline Approval', phase: 'spec', agent: 'structure-editor', estimates: { input_tokens: 2000, output_tokens: 1000 } },
  {
    gate: 'G7',
    name: 'Brief Complete',
    phase: 'production',
    parallel_agents: [
      { agent: 'brief-writer', role: 'writer' },
      { agent: 'citation-auditor', role: 'checker' },
    ],
    estimates: { input_tokens: 2000, output_tokens: 1000 },
  },
];

async function adminAuth(request: APIRequestContext, apiUrl: string, email: string, password: string): Promise<{ authorization: string }> {
  const response = await request.post(`${apiUrl}/api/auth/login`, { data: { email, password } });
  expect(response.ok()).toBe(true);
  return { authorization: `Bearer ${(await response.json()).access_token}` };
}

test('a creator tests an unpublished draft with parallel agents, reads its trace, and no user ever sees the run', async ({ page, browser, request, stack, snap }) => {
  test.setTimeout(300_000);
  const auth = await adminAuth(request, stack.apiUrl, stack.adminEmail, stack.adminPassword);
  const suffix = Date.now().toString(36);
  // Set-up through the API: an inactive template (users do not see it) whose v1.0.0 the editor opens as the draft.
  const template = await (
    await request.post(`${stack.apiUrl}/api/admin/templates`, { headers: auth, data: { slug: `tide-${suffix}`, name: `Tide brief ${suffix}`, type: 'research', active: false } })
  ).json();
  const published = await request.post(`${stack.apiUrl}/api/admin/specs`, {
    headers: auth,
    data: { template_id: template.id, version: '1.0.0', intent_schema: [{ key: 'topic', label: 'Topic', type: 'string', required: true }], stages: STAGES },
  });
  expect(published.status()).toBe(201);

  await signInAsAdmin(page, stack);
  await page.goto(`/templates/${template.id}`);
  // The editor opens v1.0.0 as the draft of the next version (slow to load on a busy machine).
  await expect(page.getByRole('textbox', { name: 'Version' })).toHaveValue('1.1.0', { timeout: 60_000 });
  const testButton = page.getByRole('button', { name: 'Test draft' });
  await expect(testButton).toBeEnabled({ timeout: 60_000 });
  await snap(page, 'template-test-draft', { phone: true, dark: true });
  await testButton.click();

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Test this draft' })).toBeVisible();
  // The draft's own intake form: its required field must be filled.
  await dialog.getByRole('button', { name: 'Start draft test' }).click();
  await expect(dialog.getByText('Topic is required.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Topic' }).fill('tidal power');
  // A test is served by the simulator unless the creator deliberately picks real models.
  await expect(dialog.getByRole('radio', { name: /^The simulator/ })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: /^Real models/ })).not.toBeChecked();
  await snap(page, 'template-test-draft-dialog');
  await dialog.getByRole('button', { name: 'Start draft test' }).click();

  // It opens in the run detail, marked as a draft test, and finishes live.
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}/);
  const runId = /\/runs\/([0-9a-f-]{36})/.exec(page.url())![1];
  await expect(page.getByTestId('draft-badge')).toContainText('Draft test');
  await page.getByRole('tab', { name: 'Trace' }).click();
  await expect(page).toHaveURL(/[?&]section=trace(&|$)/);
  const trace = page.getByTestId('trace');
  // Live: the bars appear while the run moves, with no reload.
  await expect(trace.locator('button[data-kind="gate"][data-gate="G1"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /completed|paused/, { timeout: 120_000 });

  // Every gate, and under the parallel gate one bar per agent, each with its model rounds and tool calls.
  await expect(trace.locator('button[data-kind="gate"]')).toHaveCount(3);
  const agents = trace.locator('button[data-kind="agent"][data-gate="G7"]');
  await expect(agents).toHaveCount(2);
  await expect(agents.nth(0)).toContainText('brief-writer (writer)');
  await expect(agents.nth(1)).toContainText('citation-auditor (checker)');
  expect(await trace.locator('button[data-kind="model_round"][data-gate="G7"]').count()).toBeGreaterThanOrEqual(2);
  expect(await trace.locator('button[data-kind="tool_call"]').count()).toBeGreaterThan(0);
  await expect(trace.locator('.bar').first()).toBeVisible();
  // Each bar says what it is in words, and hovering tells model, tokens and cost.
  const round = trace.locator('button[data-kind="model_round"][data-gate="G7"]').first();
  await expect(round).toHaveAccessibleName(/^Model round 1\b.*model call in G7 attempt 1/);
  await round.hover();
  await expect(page.locator('.mat-mdc-tooltip-show')).toContainText(/tokens · \$/);
  await snap(page, 'run-trace', { phone: true, dark: true });

  // Choosing a bar opens the inspector on that gate and attempt (its raw output, where the rounds are).
  await agents.nth(1).click();
  await expect(page).toHaveURL(/[?&]gate=G7(&|$)/);
  await expect(page).toHaveURL(/[?&]attempt=1(&|$)/);
  const inspector = page.locator('[data-testid="gate-detail"][data-gate="G7"]');
  await expect(inspector).toBeVisible();
  await expect(inspector.locator('[role="tab"][data-attempt="1"]')).toHaveAttribute('aria-selected', 'true');
  await expect(inspector.getByRole('tab', { name: 'Raw output' })).toHaveAttribute('aria-selected', 'true');
  await expect(inspector.getByTestId('raw-output').first()).toContainText('Round 1');
  // The keyboard reaches the bars too.
  await page.getByRole('tab', { name: 'Trace' }).click();
  const g1 = page.getByTestId('trace').locator('button[data-kind="attempt"][data-gate="G1"]');
  await g1.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="gate-detail"][data-gate="G1"]')).toBeVisible();

  // Labelled in the admin run list.
  await page.goto('/runs');
  await expect(page.locator(`tr[data-run="${runId}"]`).getByTestId('draft-tag')).toHaveText('Draft test');
  await snap(page, 'runs-draft-tag');

  // No user sees it: not in their list, not by its address, not through the API.
  if (!stack.userUiUrl) throw new Error('user-ui is not served in this run (E2E_APPS)');
  const context = await browser.newContext({ baseURL: stack.userUiUrl });
  const user = await context.newPage();
  await registerThroughUi(user, newAccount('Una User'));
  await user.goto('/activity');
  await expect(user.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(user.locator(`[data-run="${runId}"]`)).toHaveCount(0);
  await user.goto(`/activity/${runId}`);
  await expect(user.getByRole('heading', { name: 'Run not found' })).toBeVisible();
  await context.close();
  const direct = await request.get(`${stack.apiUrl}/api/runs/${runId}`, { headers: auth });
  expect(direct.status()).toBe(200); // administrators may read it through the user route
});
