#!/usr/bin/env node
// `npm run bench:cli`: how long an `esy` process takes, as workflow authors feel it. Median wall time of 10 runs of
// `esy --help` and of one `esy validate` on the complete fixture essay (G2, no network), next to a bare
// `node -e 0` for scale (on a busy machine everything is slower, node itself included).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const ESY = join(here, 'bin', 'esy.js');
const RUNS = 10;

createRequire(import.meta.url)('./build.cjs').ensureCliBuild(); // measure the CLI, not a rebuild

function median(args, expectedCode) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== expectedCode) throw new Error(`${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  }
  times.sort((a, b) => a - b);
  return (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
}

const rows = [
  ['node -e 0 (for scale)', median(['-e', '0'], 0), null],
  ['esy --help', median([ESY, '--help'], 0), 150],
  ['esy validate (G2, fixture essay)', median([ESY, 'validate', '--contract', 'G2', '--dir', 'orchestration/test/fixtures/visual-essay/workspace', '--depth', 'standard', '--no-network'], 0), 300],
];
const node = rows[0][1];
console.log(`median of ${RUNS} processes each:`);
for (const [what, ms, target] of rows) {
  const over = target === null ? '' : `  (node + ${(ms - node).toFixed(0)} ms)`;
  const verdict = target === null ? '' : ms <= target ? `  target ≤ ${target} ms: met` : `  target ≤ ${target} ms: MISSED`;
  console.log(`  ${what.padEnd(34)} ${ms.toFixed(0).padStart(5)} ms${verdict}${over}`);
}
