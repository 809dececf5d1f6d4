import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** What has keyboard focus, and whether a sighted keyboard user can see it. */
export interface FocusReport {
  element: string;
  focusVisible: boolean;
  indicator: string | null;
}

/**
 * Reads the focused element and how its focus shows: a real outline on it under :focus-visible, or (inputs and
 * selects inside a Material form field, whose own outline is off) the form field's focused outline. An element
 * off screen does not count as visible.
 */
export async function focusReport(page: Page): Promise<FocusReport> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { element: 'body', focusVisible: false, indicator: null };
    const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
    const element = `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${label}"`;
    const rect = el.getBoundingClientRect();
    const onScreen = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? `outline ${style.outlineWidth} ${style.outlineStyle}` : null;
    const field = el.closest('.mat-mdc-form-field.mat-focused') ? 'focused form field' : null;
    const indicator = outline ?? field;
    return { element, focusVisible: el.matches(':focus-visible') && onScreen && indicator !== null, indicator };
  });
}

/**
 * Asserts that the focused element shows its focus, waiting briefly for it: some indicators arrive with a short
 * transition (the skip link slides into view), so a single reading right after the key press can be too early.
 */
export async function expectFocusVisible(page: Page): Promise<FocusReport> {
  let report = await focusReport(page);
  await expect
    .poll(async () => (report = await focusReport(page)).focusVisible, {
      message: `focus is visible on the focused element (last seen: ${JSON.stringify(report)})`,
      timeout: 3_000,
    })
    .toBe(true);
  return report;
}

/**
 * Presses Tab until `target` has focus (at most `limit` presses), asserting that every element focused on the way
 * shows visible focus; returns the elements passed, for the failure message and for the test to inspect.
 */
export async function tabTo(page: Page, target: Locator, limit = 40): Promise<FocusReport[]> {
  const path: FocusReport[] = [];
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    path.push(await expectFocusVisible(page));
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return path;
  }
  throw new Error(`[e2e] ${limit} Tab presses never reached the target; passed: ${path.map((r) => r.element).join(' → ')}`);
}
