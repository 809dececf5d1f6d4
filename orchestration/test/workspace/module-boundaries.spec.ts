import { spawnSync } from 'node:child_process';
import * as nodePath from 'node:path';

/**
 * Issue 15: the Nx project tags are enforced (eslint.boundaries.mjs through scripts/lint-boundaries.mjs): the core
 * imports nothing of the backend or the apps, the backend only the core, the apps only libraries. The workspace
 * must be clean, and each kind of violation must be caught — checked on sources linted as if they were files of
 * the offending project, so no file of the workspace is touched.
 */
const ROOT = nodePath.resolve(__dirname, '../../..');

function lintBoundaries(args: string[] = []): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, ['scripts/lint-boundaries.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('module boundaries between the Nx projects', () => {
  it('hold in the whole workspace', () => {
    const { code, output } = lintBoundaries();
    expect(output).toMatch(/module boundaries: \d+ file\(s\) checked, 0 violation\(s\)/);
    expect(code).toBe(0);
  }, 900_000);

  it.each([
    ['the core importing the backend', 'orchestration/core/engine/boundary-probe.ts', "import { AppModule } from '../../../backend/src/app.module';\nexport const probe = AppModule;\n", /cannot be imported by a relative or absolute path/],
    ['the core importing a web library', 'orchestration/core/engine/boundary-probe.ts', "import { ThemeService } from '@esy/ui-kit';\nexport const probe = ThemeService;\n", /tagged with "scope:core" can only depend on libs tagged with "scope:core"/],
    ['an app importing the core', 'user-ui/src/app/boundary-probe.ts', "import { loadOrchestration } from '@esy/orchestration';\nexport const probe = loadOrchestration;\n", /tagged with "type:app" can only depend on libs tagged with/],
    ['an app importing the backend', 'admin-ui/src/app/boundary-probe.ts', "import { AppModule } from '../../../backend/src/app.module';\nexport const probe = AppModule;\n", /cannot be imported by a relative or absolute path/],
  ])('catch %s', (_what, file, source, message) => {
    const { code, output } = lintBoundaries(['--probe', file, source]);
    expect(output).toMatch(message);
    expect(output).toContain('1 violation(s)');
    expect(code).toBe(1);
  }, 300_000);
});
