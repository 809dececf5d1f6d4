import * as nodePath from 'node:path';
import { FIXTURES_DIR, materialize, readManifest } from '../support/fixture-cases';

/** The repository root: the CLI runs from here, and it is written `<root>` in results. */
export const REPO_ROOT = nodePath.resolve(__dirname, '../../..');

/**
 * The `esy` invocations whose output and exit code must never change by accident: every validation fixture case
 * (human output, and JSON for the first of each workspace) and the usage errors. Used to record the reference
 * (cli-golden.json, written by the CLI as it was before it was compiled) and by the test that compares the
 * compiled CLI with it byte for byte. Fixture workspaces live in temp folders: their path is written `<tmp>`.
 */
export interface CliCase {
  name: string;
  args: string[];
  /** Creates what the case needs; returns the temp folder to write as `<tmp>` and how to remove it. */
  prepare?: () => { tmp: string; args: string[]; cleanup: () => void };
}

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function cliCases(): CliCase[] {
  const manifest = readManifest();
  const cases: CliCase[] = [
    { name: 'no arguments', args: [] },
    { name: '--help', args: ['--help'] },
    { name: 'validate --help', args: ['validate', '--help'] },
    { name: 'run --help', args: ['run', '--help'] },
    { name: 'remote --help', args: ['remote', '--help'] },
    { name: 'unknown command', args: ['frobnicate'] },
    { name: 'validate without --dir', args: ['validate', '--contract', 'G2'] },
    { name: 'validate, bad depth', args: ['validate', '--contract', 'G2', '--dir', '.', '--depth', 'enormous'] },
    { name: 'validate, unknown gate', args: ['validate', '--contract', 'G99', '--dir', '.'] },
    { name: 'validate, missing dir', args: ['validate', '--contract', 'G2', '--dir', 'no/such/dir'] },
  ];
  const jsonShown = new Set<string>();
  for (const fixture of manifest.cases) {
    for (const gate of Object.keys(fixture.expect)) {
      const json = !jsonShown.has(fixture.workspace);
      jsonShown.add(fixture.workspace);
      const contract = gate.endsWith('.contract.json') ? nodePath.join(FIXTURES_DIR, gate) : gate;
      const variants = json ? [[], ['--json']] : [[]];
      for (const extra of variants) {
        cases.push({
          name: `${fixture.name} ${gate}${extra.length ? ' --json' : ''}`,
          args: [],
          prepare: () => {
            const workspace = materialize(manifest, fixture);
            const args = ['validate', '--contract', contract, '--dir', workspace.dir, '--depth', fixture.depth ?? 'standard', '--no-network', ...extra];
            return { tmp: nodePath.dirname(workspace.dir), args, cleanup: workspace.cleanup };
          },
        });
      }
    }
  }
  return cases;
}

/** Writes the temp folder as `<tmp>` and the repository as `<root>`, so results compare across machines and runs. */
export function normalize(result: CliResult, tmp: string | null): CliResult {
  const strip = (text: string) => (tmp ? text.split(tmp).join('<tmp>') : text).split(REPO_ROOT).join('<root>');
  return { stdout: strip(result.stdout), stderr: strip(result.stderr), code: result.code };
}
