import { defineConfig } from '@playwright/test';

// Playwright empties its output folder when a run starts, so two suites running at once in one checkout (two
// engineers, or CI and a developer) would delete each other's traces: each run gets its own folder. Set here, in
// the main process, so the test workers (which inherit the environment) agree on it.
process.env['E2E_OUTPUT_DIR'] ??= `../test-output/e2e-artifacts/${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;

/**
 * Browser end-to-end tests: the real backend (API + worker on a fresh database, simulator models with a small
 * latency) behind the production builds of the web apps, driven through Debian's Chromium.
 *   npx playwright test -c e2e/playwright.config.ts            all
 *   npx playwright test -c e2e/playwright.config.ts user-ui    one folder
 * The JSON report goes where PLAYWRIGHT_JSON_OUTPUT_NAME says (scripts/test-all.mjs counts from it).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  // One backend for the whole suite and 2 cores on the machine: tests run one at a time, in file order.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '../test-output/e2e.json' }]],
  outputDir: process.env['E2E_OUTPUT_DIR'],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
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
    },
  },
});
