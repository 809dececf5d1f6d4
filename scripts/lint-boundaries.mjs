#!/usr/bin/env node
// Checks the module boundaries between the Nx projects (eslint.boundaries.mjs) over every project's TypeScript,
// with that ESLint rule alone, so it is quick enough for every `npm test`. Prints each violation as
// `file:line  message` and exits 1 when there is any.
//   node scripts/lint-boundaries.mjs
//   node scripts/lint-boundaries.mjs --probe <file path> <source>   (lints the source as if it were that file)
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import { ESLint } from 'eslint';
import { relative } from 'node:path';
import tseslint from 'typescript-eslint';
import { BOUNDARY_RULE } from '../eslint.boundaries.mjs';

const root = new URL('..', import.meta.url).pathname;
const PROJECT_FOLDERS = ['orchestration', 'backend', 'libs', 'user-ui', 'admin-ui', 'e2e'];

process.env.NX_DAEMON = 'false'; // the rule reads the project graph; no background daemon for a one-off check
// The rule only reads a cached project graph and silently skips itself without one (a fresh clone has none), so
// build and cache the graph first.
await createProjectGraphAsync({ exitOnError: true });
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { ignores: ['**/node_modules/**', '**/dist/**', 'libs/api-client/src/generated/**', 'libs/sdk/src/generated/**'] },
    {
      files: ['**/*.ts'],
      // Only this rule runs: disable comments naming other rules are neither unknown nor unused here.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      languageOptions: { parser: tseslint.parser },
      plugins: { '@nx': nx },
      rules: { '@nx/enforce-module-boundaries': BOUNDARY_RULE },
    },
  ],
});

const args = process.argv.slice(2);
const probe = args[0] === '--probe';
const results = probe
  ? await eslint.lintText(args[2] ?? '', { filePath: `${root}${args[1]}` })
  : await eslint.lintFiles(PROJECT_FOLDERS.map((folder) => `${folder}/**/*.ts`));

let violations = 0;
for (const result of results) {
  for (const message of result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.fatal)) {
    violations++;
    console.log(`${relative(root, result.filePath)}:${message.line}  ${message.message.replace(/\s+/g, ' ')}`);
  }
}
console.log(`module boundaries: ${results.length} file(s) checked, ${violations} violation(s)`);
process.exit(violations ? 1 : 0);
