import { RUN_EVENT_TYPES as ENGINE_EVENT_TYPES } from '@esy/orchestration';
import { RUN_EVENT_TYPES } from '@esy/sdk';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** @esy/sdk's generated types must be those of the committed OpenAPI document, or the SDK compiles against a stale API. */
describe('@esy/sdk generated types', () => {
  it('match libs/api-client/openapi.json (else run `npm run sdk:generate`)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esy-sdk-types-'));
    try {
      const out = join(dir, 'openapi.ts');
      const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), 'libs/api-client/openapi.json', '-o', out], { cwd: ROOT, encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(readFileSync(join(ROOT, 'libs/sdk/src/generated/openapi.ts'), 'utf8') === readFileSync(out, 'utf8')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('know every event type the engine emits', () => {
    expect([...RUN_EVENT_TYPES].sort()).toEqual([...ENGINE_EVENT_TYPES].sort());
  });
});
