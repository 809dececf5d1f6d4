import type { Page } from '@playwright/test';

/**
 * Records every status each step of the live run view goes through, from the moment the page renders, so a test
 * can prove the steps changed in place (live, without a reload) rather than only seeing the end state.
 */
export async function recordStepChanges(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: Record<string, string[]> = {};
    (window as unknown as { __stepLog: typeof log }).__stepLog = log;
    const note = (el: Element) => {
      const step = el.getAttribute('data-step');
      const status = el.getAttribute('data-status');
      if (!step || !status) return;
      const seen = (log[step] ??= []);
      if (seen.at(-1) !== status) seen.push(status);
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === 'attributes') note(mutation.target as Element);
        mutation.addedNodes.forEach((node) => {
          if (node instanceof Element) [node, ...node.querySelectorAll('[data-step]')].forEach(note);
        });
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  });
}

export async function stepLog(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => (window as unknown as { __stepLog: Record<string, string[]> }).__stepLog);
}
