import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { cliCases, normalize, REPO_ROOT, type CliCase, type CliResult } from './cli-cases';

/**
 * Issue 15: compiling the `esy` CLI changes nothing a user sees. cli-golden/validate.json holds what the CLI printed
 * (stdout, stderr) and its exit code for every validation fixture case and the usage errors, recorded from its
 * TypeScript sources (record-cli-golden.ts; first before the CLI was compiled); the compiled CLI (bin/esy.js) must
 * reproduce every byte. New fixture cases: re-record and review the diff.
 */
const ESY = nodePath.resolve(__dirname, '../../runner/bin/esy.js');
const golden: Record<string, CliResult> = JSON.parse(readFileSync(nodePath.join(__dirname, 'cli-golden', 'validate.json'), 'utf8'));

function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ESY, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
  });
}

async function runCase(cliCase: CliCase): Promise<CliResult> {
  const prepared = cliCase.prepare?.();
  try {
    return normalize(await runCli(prepared?.args ?? cliCase.args), prepared?.tmp ?? null);
  } finally {
    prepared?.cleanup();
  }
}

describe('esy output and exit codes, compiled CLI against the recorded reference', () => {
  const cases = cliCases();

  it('covers every recorded case (and records nothing the cases no longer produce)', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(golden).sort());
    expect(cases.length).toBeGreaterThan(100);
  });

  // Two processes at a time: a few seconds in all on an idle machine.
  it('prints the same bytes and exits with the same code for every case', async () => {
    const results: Record<string, CliResult> = {};
    const queue = [...cases];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results[next.name] = await runCase(next);
    };
    await Promise.all([worker(), worker()]);
    const differing = cases.map((c) => c.name).filter((name) => JSON.stringify(results[name]) !== JSON.stringify(golden[name]));
    // Name the differing cases first, then show the first difference in full.
    expect(differing).toEqual([]);
  }, 600_000);
});
