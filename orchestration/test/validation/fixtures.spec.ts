import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parseContract, type GateContract } from '../../core/content/contract-schema';
import { ORCHESTRATION_ROOT } from '../../core/content/loader';
import { validateContract } from '../../core/validation/validate-contract';
import { DiskWorkspaceReader } from '../../core/validation/workspace-reader';
import { FIXTURES_DIR, materialize, readManifest } from '../support/fixture-cases';

/**
 * Every case of fixtures/manifest.json, every gate it lists: the workspace is validated exactly as a run validates
 * it (the workspace root is {artifact_path}, network checks off, pre-scripts skipped). Adding a case needs no code.
 */
const manifest = readManifest();

function contractFor(key: string): GateContract {
  const file = key.endsWith('.contract.json')
    ? nodePath.join(FIXTURES_DIR, key)
    : nodePath.join(ORCHESTRATION_ROOT, 'gates', 'contracts', `${key}.contract.json`);
  return parseContract(readFileSync(file, 'utf8'), file);
}

describe.each(manifest.cases.map((fixture) => [fixture.name, fixture] as const))('fixture %s', (_name, fixture) => {
  let workspace: ReturnType<typeof materialize>;
  beforeAll(() => {
    workspace = materialize(manifest, fixture);
  });
  afterAll(() => workspace.cleanup());

  it.each(Object.entries(fixture.expect))('%s → %s', async (gate, expected) => {
    const result = await validateContract(contractFor(gate), new DiskWorkspaceReader(workspace.dir), {
      depth: fixture.depth ?? 'standard',
      slug: workspace.slug,
      artifactPath: '',
      network: fixture.network ?? false,
      fetch: async () => {
        throw new Error('fixtures never touch the network');
      },
      runPreScript: fixture.pre_script_fails ? async (script) => ({ ok: false, detail: `${script.path}: pre-script exited with code 1` }) : undefined,
    });
    const failed = result.results.filter((row) => !row.passed).map((row) => `${row.severity} ${row.type} ${row.target}: ${row.detail}`);
    expect({ outcome: result.outcome, failed }).toEqual({ outcome: expected, failed: expected === 'pass' ? [] : expect.anything() });
    for (const code of fixture.expect_codes?.[gate] ?? []) expect(result.failCodes).toContain(code);
    const detail = fixture.expect_detail?.[gate];
    if (detail) expect(result.results.filter((row) => !row.passed).map((row) => row.detail).join('\n')).toContain(detail);
  });
});
