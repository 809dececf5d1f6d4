#!/usr/bin/env node
// Angular unit tests (Vitest through @angular/build:unit-test) of every web project, one after the other.
// Writes {passed, failed} to the file named by the first argument (scripts/test-all.mjs counts from it).
//   node scripts/test-angular.mjs [report.json] [project ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [reportPath, ...chosen] = process.argv.slice(2);
const projects = chosen.length ? chosen : ['api-client', 'ui-kit', 'ui-auth', 'live-events', 'user-ui', 'admin-ui'];
const scratch = mkdtempSync(join(tmpdir(), 'esy-angular-tests-'));

let passed = 0;
let failed = 0;
for (const project of projects) {
  const report = join(scratch, `${project}.json`);
  const result = spawnSync(
    'npx',
    ['nx', 'test', project, '--skip-nx-cache', '--reporters=default', '--reporters=json', `--outputFile=${report}`],
    { cwd: root, stdio: 'inherit' },
  );
  try {
    const counts = JSON.parse(readFileSync(report, 'utf8'));
    passed += counts.numPassedTests;
    // A suite that failed to load (syntax error, missing import) has no failed tests but did fail.
    const brokenSuites = counts.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0);
    failed += counts.numFailedTests + brokenSuites.length;
    if (result.status !== 0 && counts.numFailedTests + brokenSuites.length === 0) failed += 1;
  } catch {
    console.error(`${project}: the test run produced no report (exit ${result.status}); counted as one failure`);
    failed += 1;
  }
}

console.log(`angular: ${passed} passed, ${failed} failed`);
if (reportPath) writeFileSync(reportPath, JSON.stringify({ passed, failed }));
process.exit(failed > 0 ? 1 : 0);
