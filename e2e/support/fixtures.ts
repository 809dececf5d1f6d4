import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS } from './paths';
import { readState, type StackState } from './stack';

export interface Account {
  email: string;
  password: string;
  name: string;
}

let accounts = 0;
/** A new, unique account for this suite run. */
export function newAccount(name = 'Ada Lovelace'): Account {
  accounts++;
  const id = `${Date.now().toString(36)}${accounts}`;
  return { email: `e2e-${id}@example.com`, password: `Pw-${id}-secure`, name };
}

/** Signs in through the sign-in page and waits until the app has left it. */
export async function signInThroughUi(page: Page, account: Account): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Creates the account through the register page and waits for the dashboard. */
export async function registerThroughUi(page: Page, account: Account): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Name (optional)').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(account.password);
  await page.getByLabel('Repeat password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('What would you like to make today?');
}

interface Fixtures {
  stack: StackState;
  /**
   * Saves a screenshot to screenshots/<app>/<name>.png (gitignored) — look at them. `phone` also saves a 390 px
   * one (`<name>-phone.png`), `dark` one in the dark theme (`<name>-dark.png`, and `-phone-dark` with both).
   */
  snap: (page: Page, name: string, options?: { phone?: boolean; dark?: boolean }) => Promise<void>;
}

/** Tests of the user app: baseURL is the served production build of user-ui. */
export const test = base.extend<Fixtures & { app: 'user-ui' | 'admin-ui' }>({
  app: ['user-ui', { option: true }],
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use) => use(readState()),
  baseURL: async ({ stack, app }, use) => {
    const url = app === 'admin-ui' ? stack.adminUiUrl : stack.userUiUrl;
    if (!url) throw new Error(`[e2e] ${app} is not served in this run (E2E_APPS)`);
    await use(url);
  },
  snap: async ({ app }, use) => {
    const dir = join(SCREENSHOTS, app);
    mkdirSync(dir, { recursive: true });
    const shoot = async (page: Page, file: string) => {
      // Let fonts and transitions settle so the picture shows the page, not a frame of an animation.
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(250);
      await fullHeight(page, () => page.screenshot({ path: join(dir, file), fullPage: true, animations: 'disabled' }));
    };
    const shootSizes = async (page: Page, name: string, suffix: string, phone: boolean) => {
      await shoot(page, `${name}${suffix}.png`);
      if (!phone) return;
      const size = page.viewportSize();
      await page.setViewportSize({ width: 390, height: 844 });
      await shoot(page, `${name}-phone${suffix}.png`);
      if (size) await page.setViewportSize(size);
    };
    await use(async (page, name, options) => {
      await shootSizes(page, name, '', options?.phone ?? false);
      if (options?.dark) {
        // The apps follow the system theme unless the user picked one: emulate a dark system for this picture.
        await page.emulateMedia({ colorScheme: 'dark' });
        await shootSizes(page, name, '-dark', options?.phone ?? false);
        await page.emulateMedia({ colorScheme: 'light' });
      }
    });
  },
});

/**
 * Both apps scroll inside their shell (side navigation beside a scrolling content pane), which a full-page
 * screenshot cannot see past: the viewport is made as tall as the content for the picture, then put back.
 */
async function fullHeight(page: Page, take: () => Promise<unknown>): Promise<void> {
  const size = page.viewportSize();
  const hidden = await page.evaluate(() => {
    let most = 0;
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const overflow = getComputedStyle(el).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll') && el.clientHeight > 200) most = Math.max(most, el.scrollHeight - el.clientHeight);
    }
    return most;
  });
  if (!size || hidden <= 0) {
    await take();
    return;
  }
  await page.setViewportSize({ width: size.width, height: Math.min(size.height + hidden, 8000) });
  await page.waitForTimeout(150);
  try {
    await take();
  } finally {
    await page.setViewportSize(size);
  }
}

export { expect };
