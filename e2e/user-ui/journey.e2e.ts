import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { expect, newAccount, registerThroughUi, test } from '../support/fixtures';
import { restartWorker } from '../support/stack';
import { recordStepChanges, stepLog } from '../support/steps';

// Steps slow enough (about 1 s per model round) that the run is still going when its page has loaded, even on a
// busy machine, so the test sees the last step change live instead of finding the run already finished.
test.beforeAll(async () => restartWorker({ ESY_SIMULATOR_LATENCY_MS: '1000' }));
test.afterAll(async () => restartWorker({}));

/**
 * The user's whole path: register → browse → open a template → fix an invalid brief → start → watch the steps
 * turn green live → open the artifact → download the package and check what is in it.
 */
test('from registering to a downloaded research package', async ({ page, snap }) => {
  // The longest path of the suite, with screenshots (phone and dark too) along the way; slow on a busy machine.
  test.setTimeout(480_000);
  const account = newAccount('Ada Lovelace');
  await recordStepChanges(page);

  await registerThroughUi(page, account);
  await expect(page.getByTestId('stat-runs')).toHaveText('0');
  await snap(page, 'dashboard-new-user', { phone: true });

  // Browse: search narrows the cards.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Workflows' }).click();
  await expect.poll(() => page.locator('esy-workflow-card').count()).toBeGreaterThanOrEqual(2);
  const all = await page.locator('esy-workflow-card').count();
  await snap(page, 'workflows');
  await page.getByRole('searchbox', { name: 'Search workflows' }).fill('etymology');
  await expect(page.locator('esy-workflow-card')).not.toHaveCount(all);
  const card = page.locator('esy-workflow-card').first();
  await expect(card).toContainText(/steps/);
  await card.getByRole('link').click();

  // The intake form is generated from the spec's intent schema.
  await expect(page.getByRole('heading', { name: 'Your brief', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What you get', exact: true })).toBeVisible();
  await snap(page, 'workflow-detail', { phone: true });
  const word = page.getByRole('textbox', { name: /word/i });
  await word.fill('');
  await page.getByRole('button', { name: /^Start / }).click();
  await expect(page.locator('[data-field="word"] mat-error')).toContainText(/required/i);
  await expect(page.getByRole('alert')).toContainText('Some answers need another look');
  await expect(page).toHaveURL(/\/workflows\//);
  await snap(page, 'workflow-intake-errors');

  await word.fill('serendipity');
  await page.getByRole('button', { name: /^Start / }).click();
  await expect(page).toHaveURL(/\/activity\/[0-9a-f-]{36}$/);
  const runId = page.url().split('/').pop() ?? '';

  // Live: steps turn green in place while the page stays open.
  const steps = page.locator('[data-step]');
  await expect(steps.first()).toBeVisible();
  const total = await steps.count();
  expect(total).toBeGreaterThan(3);
  await expect(steps.first()).toHaveAttribute('data-status', 'passed', { timeout: 60_000 });
  await snap(page, 'run-live', { phone: true });
  await expect(page.getByTestId('run-status')).toContainText('Ready', { timeout: 120_000 });
  await expect(page.locator('[data-step][data-status="passed"], [data-step][data-status="warning"], [data-step][data-status="skipped"]')).toHaveCount(total);
  const log = await stepLog(page);
  const lastStep = (await steps.last().getAttribute('data-step')) ?? '';
  // The last step was seen waiting or working, then passed — on the same page, without a reload.
  expect(log[lastStep]?.length ?? 0, `${lastStep}: ${log[lastStep]?.join(' → ')}`).toBeGreaterThan(1);
  expect(log[lastStep]?.at(-1)).toBe('passed');
  await expect(page.getByText('Simulated')).toBeVisible();
  await snap(page, 'run-completed', { phone: true, dark: true });

  // The artifact: the essay in a sandboxed frame, the research package, the package download.
  await page.getByRole('link', { name: 'View artifact' }).click();
  await expect(page).toHaveURL(new RegExp(`/artifacts/${runId}$`));
  const frame = page.getByTestId('html-frame');
  await expect(frame).toBeVisible();
  await expect(frame).toHaveAttribute('sandbox', 'allow-scripts');
  await expect(page.frameLocator('[data-testid="html-frame"]').locator('body')).not.toBeEmpty();
  await snap(page, 'artifact-essay');

  await page.getByRole('tab', { name: 'Research package' }).click();
  await expect(page.getByRole('navigation', { name: 'Files in the package' })).toBeVisible();
  await expect(page.getByTestId('markdown-preview')).toBeVisible();
  await snap(page, 'artifact-package', { phone: true, dark: true });
  // A file of the package has its own address: reloading (or sharing) it opens the same tab and file.
  const other = page.locator('li.file:not(.selected)').first();
  const otherPath = (await other.getAttribute('data-path')) ?? '';
  await other.locator('button.open').click();
  await expect(page).toHaveURL(/[?&]file=/);
  await expect(page.locator('esy-file-preview h3')).toHaveText(otherPath);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Research package' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('esy-file-preview h3')).toHaveText(otherPath);
  await page.goBack();
  await expect(page.locator('esy-file-preview h3')).not.toHaveText(otherPath);
  // One file downloads as itself: the file shown, with the text the preview rendered.
  const shownPath = (await page.locator('esy-file-preview h3').textContent())?.trim() ?? '';
  const downloadingFile = page.waitForEvent('download');
  await page.locator('esy-file-preview').getByRole('button', { name: 'Download', exact: true }).click();
  const file = await downloadingFile;
  expect(shownPath.endsWith(file.suggestedFilename()), `${file.suggestedFilename()} for ${shownPath}`).toBe(true);
  const text = readFileSync(await file.path(), 'utf8');
  const firstHeading = text.match(/^#{1,3}\s+(.+)$/m)?.[1]?.trim();
  expect(firstHeading, 'a markdown heading in the downloaded file').toBeTruthy();
  await expect(page.getByTestId('markdown-preview')).toContainText(firstHeading as string);
  await page.getByRole('tab', { name: 'How it was made' }).click();
  await snap(page, 'artifact-how-it-was-made');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('download-package').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const zip = await JSZip.loadAsync(readFileSync(await download.path()));
  const names = Object.keys(zip.files);
  const manifestName = names.find((name) => /(^|\/)manifest\.json$/.test(name));
  expect(manifestName, `manifest in ${names.join(', ')}`).toBeTruthy();
  const manifest = JSON.parse(await zip.file(manifestName as string)!.async('string'));
  expect(JSON.stringify(manifest)).toMatch(/[0-9a-f]{64}/); // files listed with their sha256
  expect(names.some((name) => /\.html$/.test(name)), `an essay .html in ${names.join(', ')}`).toBe(true);

  // The run shows up everywhere it should.
  await page.goto('/activity');
  await expect(page.locator(`[data-run="${runId}"]`)).toContainText('Ready');
  await snap(page, 'activity', { phone: true });
  await page.goto('/artifacts');
  await expect(page.locator(`[data-artifact="${runId}"]`)).toBeVisible();
  await snap(page, 'artifacts');
  await page.goto('/');
  await expect(page.getByTestId('stat-completed')).toHaveText('1');
  await snap(page, 'dashboard', { phone: true, dark: true });
  await page.goto('/specs');
  await expect(page.locator('[data-spec]').first()).toBeVisible();
  await snap(page, 'specs');
  await page.locator('[data-spec]').first().click();
  await expect(page.getByRole('heading', { name: 'Stages' })).toBeVisible();
  await snap(page, 'spec-detail');
});
