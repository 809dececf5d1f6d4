#!/usr/bin/env node
// Runs every test suite of the workspace (Jest projects, Angular unit tests, browser end-to-end) and ends with
// one line "N passed, N failed" totalled over all of them. Exit code 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** Each suite runs as a child process and writes a JSON report we count from. */
const suites = [
  {
    name: 'jest',
    command: ['npx', 'jest', '--ci', '--json', `--outputFile=${join(out, 'jest.json')}`],
    count: () => {
      const r = JSON.parse(readFileSync(join(out, 'jest.json'), 'utf8'));
      return { passed: r.numPassedTests, failed: r.numFailedTests + r.numRuntimeErrorTestSuites };
    },
  },
  {
    name: 'angular unit',
    when: () => existsSync(join(root, 'scripts/test-angular.mjs')),
    command: ['node', 'scripts/test-angular.mjs', join(out, 'angular.json')],
    count: () => JSON.parse(readFileSync(join(out, 'angular.json'), 'utf8')),
  },
  {
    name: 'browser e2e',
    when: () => existsSync(join(root, 'e2e/playwright.config.ts')),
    command: ['npx', 'playwright', 'test', '-c', 'e2e/playwright.config.ts'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'e2e.json') },
    count: () => {
      const s = JSON.parse(readFileSync(join(out, 'e2e.json'), 'utf8')).stats;
      // A test that passed only on its retry counts as passed, but is named below: it is a race to fix.
      return { passed: s.expected + (s.flaky ?? 0), failed: s.unexpected, flaky: s.flaky ?? 0 };
    },
  },
];

let passed = 0;
let failed = 0;
const only = process.argv.slice(2);
for (const suite of suites) {
  if (only.length && !only.includes(suite.name.split(' ')[0])) continue;
  if (suite.when && !suite.when()) continue;
  console.log(`\n=== ${suite.name}: ${suite.command.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(suite.command[0], suite.command.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...suite.env },
  });
  let counts;
  try {
    counts = suite.count();
  } catch (error) {
    // A suite that crashed before reporting counts as one failure, never as silence.
    console.error(`${suite.name}: no report (${error.message})`);
    counts = { passed: 0, failed: 1 };
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  const flaky = counts.flaky ? ` (${counts.flaky} passed only on retry: see the report above)` : '';
  console.log(`=== ${suite.name}: ${counts.passed} passed, ${counts.failed} failed${flaky} in ${Math.round((Date.now() - started) / 1000)} s`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
