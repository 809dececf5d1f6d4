#!/usr/bin/env node
// Takes a screenshot of a page with the system Chromium (Debian package, no browser download).
//   node scripts/screenshot.mjs <url> <out.png> [--width 1280] [--height 800] [--dark] [--full-page]
//     [--wait-for <css selector>] [--click <css selector>] [--storage key=value]... [--session key=value]...
//     [--as user|admin]
// --storage / --session put values into localStorage / sessionStorage before the page's scripts run.
// --as answers the auth API in the browser (a stored refresh token, then /api/auth/refresh and /api/auth/me) so
// signed-in pages can be captured without a backend; every other /api call gets an empty 200 list-like answer.
// Functions passed to page.evaluate / addInitScript run in the browser:
/* global localStorage, sessionStorage, document */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const positional = [];
const options = { width: 1280, height: 800, dark: false, fullPage: false, waitFor: null, click: null, storage: [], session: [], as: null };
for (let index = 0; index < args.length; index++) {
  const arg = args[index];
  const next = () => args[++index];
  if (arg === '--width') options.width = Number(next());
  else if (arg === '--height') options.height = Number(next());
  else if (arg === '--dark') options.dark = true;
  else if (arg === '--full-page') options.fullPage = true;
  else if (arg === '--wait-for') options.waitFor = next();
  else if (arg === '--storage') options.storage.push(next());
  else if (arg === '--session') options.session.push(next());
  else if (arg === '--as') options.as = next();
  else if (arg === '--click') options.click = next();
  else positional.push(arg);
}
const [url, out] = positional;
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs <url> <out.png> [--width N] [--height N] [--dark] [--full-page] [--wait-for selector]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    colorScheme: options.dark ? 'dark' : 'light',
    deviceScaleFactor: 1,
  });
  if (options.as) {
    const user = {
      id: '00000000-0000-4000-8000-000000000001',
      email: options.as === 'admin' ? 'ops@example.com' : 'ada@example.com',
      display_name: options.as === 'admin' ? 'Grace Hopper' : 'Ada Lovelace',
      role: options.as,
    };
    // Both storages: the user app keeps the refresh token in localStorage, the console in sessionStorage.
    options.storage.push('esy.refresh_token=screenshot');
    options.session.push('esy.refresh_token=screenshot');
    await context.route('**/api/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      const json = (body) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
      if (path === '/api/auth/refresh' || path === '/api/auth/login') {
        return json({ access_token: 'screenshot', refresh_token: 'screenshot', user });
      }
      if (path === '/api/auth/me') return json(user);
      return json({ items: [], total: 0 });
    });
  }
  const split = (pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
  await context.addInitScript(
    ({ local, session }) => {
      for (const [key, value] of local) localStorage.setItem(key, value);
      for (const [key, value] of session) sessionStorage.setItem(key, value);
    },
    { local: options.storage.map(split), session: options.session.map(split) },
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url, { waitUntil: 'networkidle' });
  if (options.waitFor) {
    try {
      await page.waitForSelector(options.waitFor, { timeout: 15000 });
    } catch {
      // Still take the picture: it shows what was there instead (usually the reason).
      console.error(`screenshot: "${options.waitFor}" did not appear on ${page.url()}`);
      process.exitCode = 1;
    }
  }
  if (options.click) await page.click(options.click);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300); // let entry transitions finish
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: options.fullPage });
  console.log(`screenshot: ${out} (${options.width}×${options.height}${options.dark ? ', dark' : ''})`);
} finally {
  await browser.close();
}
