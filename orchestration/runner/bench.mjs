#!/usr/bin/env node
// `npm run bench:cli`: how long an `esy` process takes, as workflow authors feel it. Median wall time of 10 runs of
// `esy --help` and of one `esy validate` on the complete fixture essay (G2, no network), next to a bare
// `node -e 0` for scale (on a busy machine everything is slower, node itself included). Where /usr/bin/time exists,
// the median CPU time (user + system) is printed too: it hardly changes with the load of the machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const ESY = join(here, 'bin', 'esy.js');
const RUNS = 10;

createRequire(import.meta.url)('./build.cjs').ensureCliBuild(); // measure the CLI, not a rebuild

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const middle = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[RUNS / 2 - 1] + sorted[RUNS / 2]) / 2;
};

/** Median wall time and (when measurable) CPU time in ms of RUNS processes `node <args>`. */
function measure(args, expectedCode) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const [command, commandArgs] = TIME ? [TIME, ['-f', 'cpu %U %S', process.execPath, ...args]] : [process.execPath, args];
    const started = process.hrtime.bigint();
    const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8' });
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== expectedCode) throw new Error(`${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
    const usage = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
    if (usage) cpu.push((Number(usage[1]) + Number(usage[2])) * 1000);
  }
  return { wall: middle(wall), cpu: cpu.length === RUNS ? middle(cpu) : null };
}

const rows = [
  ['node -e 0 (for scale)', measure(['-e', '0'], 0), null],
  ['esy --help', measure([ESY, '--help'], 0), 150],
  ['esy validate (G2, fixture essay)', measure([ESY, 'validate', '--contract', 'G2', '--dir', 'orchestration/test/fixtures/visual-essay/workspace', '--depth', 'standard', '--no-network'], 0), 300],
];
console.log(`median of ${RUNS} processes each (wall time; CPU time in brackets):`);
for (const [what, { wall, cpu }, target] of rows) {
  const verdict = target === null ? '' : wall <= target ? `  target ≤ ${target} ms: met` : `  target ≤ ${target} ms: MISSED`;
  const cpuText = cpu === null ? '' : `  (cpu ${cpu.toFixed(0)} ms)`;
  console.log(`  ${what.padEnd(34)} ${wall.toFixed(0).padStart(5)} ms${cpuText}${verdict}`);
}
