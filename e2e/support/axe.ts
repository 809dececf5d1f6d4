import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** axe-core's browser bundle, read once (it is injected into each page, which reloads on every goto). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 level A and AA rules (axe's tags); best-practice rules are left out: they are not the standard. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical WCAG 2.1 A/AA violations. Waits
 * until finite animations (route crossfades, expanding panels) have ended first: colour contrast measured
 * half-way through a fade is not the contrast a user reads.
 */
export async function seriousViolations(page: Page): Promise<A11yViolation[]> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => {
      const timing = animation.effect?.getComputedTiming();
      return animation.playState !== 'running' || timing?.iterations === Infinity;
    }),
  );
  await page.evaluate(() => document.fonts.ready);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeResult[] }> } }).axe;
    interface AxeResult {
      id: string;
      impact?: string | null;
      help: string;
      helpUrl: string;
      nodes: { target: unknown[]; failureSummary?: string }[];
    }
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.slice(0, 8).map((node) => `${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.split('\n').slice(1, 2).join(' ').trim()}` : ''}`),
    }));
  }, WCAG_TAGS);
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One violation per block, in words a developer can act on: rule, impact, what it means, where. */
export function describeViolations(route: string, violations: A11yViolation[]): string {
  return violations
    .map((v) => [`${route}: [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})`, ...v.targets.map((target) => `    at ${target}`)].join('\n'))
    .join('\n');
}
