// Records cli-golden/validate.json: what the esy CLI prints and returns for every case of cli-cases.ts, run
// in-process from its TypeScript sources (no build involved). Re-record after a deliberate change of the CLI's
// output or of the fixture cases, and review the diff:  npx tsx orchestration/test/runner/record-cli-golden.ts
import { writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { main } from '../../runner/src/main';
import { cliCases, normalize, REPO_ROOT, type CliResult } from './cli-cases';

type Write = typeof process.stdout.write;

/** Runs `esy <args>` in this process, capturing both streams as the terminal would receive them. */
async function capture(args: string[]): Promise<CliResult> {
  const streams = { stdout: '', stderr: '' };
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  const catcher = (name: 'stdout' | 'stderr') =>
    ((chunk: unknown, ...rest: unknown[]) => {
      streams[name] += String(chunk);
      (rest.find((arg) => typeof arg === 'function') as (() => void) | undefined)?.();
      return true;
    }) as Write;
  process.stdout.write = catcher('stdout');
  process.stderr.write = catcher('stderr');
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'esy', ...args]);
    return { ...streams, code };
  } finally {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
    process.exitCode = undefined;
  }
}

async function record(): Promise<void> {
  process.chdir(REPO_ROOT); // the CLI runs from the repository root in the comparison test
  const results: Record<string, CliResult> = {};
  for (const cliCase of cliCases()) {
    const prepared = cliCase.prepare?.();
    try {
      results[cliCase.name] = normalize(await capture(prepared?.args ?? cliCase.args), prepared?.tmp ?? null);
    } finally {
      prepared?.cleanup();
    }
  }
  const file = nodePath.join(__dirname, 'cli-golden', 'validate.json');
  writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
  console.log(`${Object.keys(results).length} cases recorded in ${nodePath.relative(REPO_ROOT, file)}`);
}

void record();
