/**
 * `npm run bench:routing`: simulated traffic through the built-in workflows under four routing policies — static
 * on the frontier tier, static on the cheapest tier, `auto`, and an oracle that knows the hidden pass rates — and
 * what each costs and passes. Options: --runs N (default 600, at least 500 for the headline), --batch N (runs in
 * flight between evidence updates, default 10), --exploration S, --target P, --arms a,b (a subset, printing only their lines), --seed S (the simulator's pass/fail
 * draws and auto's exploration draws; default ""), --replay (the fast replay of replay.ts instead of the engine),
 * --write-profile (re-record the replay's token-profile.json from engine runs, then exit). Regret is (auto's total spend − the oracle's) ÷ the oracle's
 * over the whole run sequence, paused runs' spend included.
 */
import { loadOrchestration } from '../../core/content/loader';
import { runArm, type ArmName, type RunResult } from './arms';
import { replayArm } from './replay';
import { writeTokenProfile } from './record-token-profile';
import { MECHANICAL_GATES, REGRESSING_MODEL } from './scenario';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
}

interface Figures {
  totalCost: number;
  costPerCompletedRun: number;
  firstAttemptPassRate: number;
  paused: number;
  completed: number;
}

function figures(results: readonly RunResult[]): Figures {
  const completed = results.filter((r) => r.completed).length;
  const cost = results.reduce((sum, r) => sum + r.costUsd, 0);
  const attempts = results.reduce((sum, r) => sum + r.firstAttempts, 0);
  const passes = results.reduce((sum, r) => sum + r.firstPasses, 0);
  return { totalCost: cost, costPerCompletedRun: cost / Math.max(1, completed), firstAttemptPassRate: passes / Math.max(1, attempts), paused: results.filter((r) => r.paused).length, completed };
}

/** First run (1-based) at which auto's cost per completed run over the last `window` runs is within 10 % of the oracle's. */
function runsToNearOracle(auto: readonly RunResult[], oracle: readonly RunResult[], window: number): number | null {
  for (let end = window; end <= auto.length; end++) {
    const a = figures(auto.slice(end - window, end)).costPerCompletedRun;
    const o = figures(oracle.slice(end - window, end)).costPerCompletedRun;
    if (a <= o * 1.1) return end;
  }
  return null;
}

/** Runs after the regression until auto stops trusting the regressed model at its gates (for 10 runs in a row). */
function runsToReact(auto: readonly RunResult[], regressionAt: number): number | null {
  const trusts = (r: RunResult) => r.choices.some((c) => c.model === REGRESSING_MODEL && c.kind === 'exploit' && MECHANICAL_GATES.includes(c.gate));
  for (let start = regressionAt; start + 10 <= auto.length; start++) {
    if (auto.slice(start, start + 10).every((r) => !trusts(r))) return start - regressionAt + 1;
  }
  return null;
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const usd = (x: number) => `$${x.toFixed(4)}`;

async function main(): Promise<void> {
  const runs = Math.floor(option('runs', 600));
  const batch = Math.max(1, Math.floor(option('batch', 10)));
  const exploration = process.argv.includes('--exploration') ? option('exploration', 0.2) : undefined;
  const targetPassRate = process.argv.includes('--target') ? option('target', 0.9) : undefined;
  const regressionAt = Math.floor(runs / 2);
  const at = process.argv.indexOf('--seed');
  const seed = at > 0 ? process.argv[at + 1] ?? '' : '';
  const catalog = loadOrchestration();
  if (process.argv.includes('--write-profile')) {
    console.log(`token profile for --replay written to ${await writeTokenProfile(catalog)}`);
    return;
  }
  const replay = process.argv.includes('--replay');
  console.log(`routing bench${replay ? ' (fast replay)' : ''}: ${runs} runs per policy over the built-in workflows (batches of ${batch}); ${REGRESSING_MODEL} regresses at run ${regressionAt + 1}; seed "${seed}"`);

  const results = {} as Record<ArmName, RunResult[]>;
  const armsAt = process.argv.indexOf('--arms');
  const arms = (armsAt > 0 ? process.argv[armsAt + 1].split(',') : ['frontier', 'cheapest', 'auto', 'oracle']) as ArmName[];
  for (const arm of arms) {
    const started = Date.now();
    const armOptions = { catalog, runs, regressionAt, batch, exploration, targetPassRate, seed };
    results[arm] = replay ? replayArm(arm, armOptions) : await runArm(arm, armOptions);
    const f = figures(results[arm]);
    console.log(
      `${arm.padEnd(9)} cost/completed run ${usd(f.costPerCompletedRun).padStart(9)}  first-attempt pass ${pct(f.firstAttemptPassRate).padStart(6)}  paused ${String(f.paused).padStart(3)}  completed ${f.completed}/${runs}  (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }

  // A subset of arms (--arms, e.g. to run them in separate processes) prints its own lines only.
  if (!results.frontier || !results.auto || !results.oracle) return;
  const frontier = figures(results.frontier);
  const auto = figures(results.auto);
  const oracle = figures(results.oracle);
  const regret = (auto.totalCost - oracle.totalCost) / oracle.totalCost;
  const near = runsToNearOracle(results.auto, results.oracle, 50);
  const react = runsToReact(results.auto, regressionAt);
  const explored = results.auto.flatMap((r) => r.choices).filter((c) => c.kind === 'explore').length / Math.max(1, results.auto.flatMap((r) => r.choices).length);
  const secondHalf = (arm: ArmName) => figures(results[arm].slice(regressionAt));
  console.log(`auto      regret vs oracle ${pct(regret)} (total spend ${usd(auto.totalCost)} vs ${usd(oracle.totalCost)}); within 10% of the oracle's cost (50-run window) by run ${near ?? 'never'}; explored ${pct(explored)} of first attempts`);
  console.log(`auto      after the regression: stopped trusting ${REGRESSING_MODEL} within ${react ?? 'never'} runs; second-half cost ${usd(secondHalf('auto').costPerCompletedRun)} vs oracle ${usd(secondHalf('oracle').costPerCompletedRun)}, pass ${pct(secondHalf('auto').firstAttemptPassRate)}`);
  // Where auto's pass rate goes: its first-attempt failures beyond the oracle's, by phase (learning, regression, rest).
  const extraFailures = (from: number, to: number) => {
    const fails = (arm: ArmName) => results[arm].slice(from, to).reduce((sum, r) => sum + r.firstAttempts - r.firstPasses, 0);
    return fails('auto') - fails('oracle');
  };
  const learning = extraFailures(0, Math.min(100, regressionAt));
  const reacting = extraFailures(regressionAt, Math.min(runs, regressionAt + 100));
  const rest = extraFailures(0, runs) - learning - reacting;
  console.log(`auto      first-attempt failures beyond the oracle's: ${learning} in runs 1–${Math.min(100, regressionAt)} (learning), ${reacting} in runs ${regressionAt + 1}–${Math.min(runs, regressionAt + 100)} (regression), ${rest} elsewhere; one point of pass rate is ${Math.round(results.auto.reduce((sum, r) => sum + r.firstAttempts, 0) / 100)} first attempts`);
  console.log(
    `routing: auto cost ×${(frontier.costPerCompletedRun / auto.costPerCompletedRun).toFixed(2)} cheaper than frontier, pass rate ${pct(auto.firstAttemptPassRate)} vs ${pct(frontier.firstAttemptPassRate)}, regret ${pct(regret)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
