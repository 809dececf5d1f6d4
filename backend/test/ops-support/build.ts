import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Production builds the ops suites start (the images run the same `tsc` + `tsc-alias` output from dist/). */
const BUILDS = join(REPO_ROOT, 'tmp', 'ops-build');
const LOCK = join(REPO_ROOT, 'tmp', 'ops-build.lock');
const INPUTS = ['backend/src', 'orchestration/core', 'backend/tsconfig.app.json', 'tsconfig.base.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The newest finished build (its `.built` stamp exists), if any. */
function latestBuild(): { dir: string; builtAt: number } | null {
  if (!existsSync(BUILDS)) return null;
  const builds = readdirSync(BUILDS)
    .map((name) => join(BUILDS, name, '.built'))
    .filter((stamp) => existsSync(stamp))
    .map((stamp) => ({ dir: join(stamp, '..'), builtAt: statSync(stamp).mtimeMs }))
    .sort((a, b) => b.builtAt - a.builtAt);
  return builds[0] ?? null;
}

/** The latest build when no input changed after it. */
function freshBuild(): string | null {
  const latest = latestBuild();
  if (!latest) return null;
  return latest.builtAt > Math.max(...INPUTS.map((input) => newestMtime(join(REPO_ROOT, input)))) ? latest.dir : null;
}

/** Builds other than the latest, once nobody can still be running them (an hour old). */
function forgetOldBuilds(keep: string): void {
  for (const name of readdirSync(BUILDS)) {
    const dir = join(BUILDS, name);
    if (dir !== keep && Date.now() - statSync(dir).mtimeMs > 3600_000) rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${(result.stdout + result.stderr).slice(-4000)}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Compiles the backend exactly as `nx build backend` does (tsc, then tsc-alias), into a new folder under
 * tmp/ops-build (a developer's dist/ is left alone, and a rebuild never pulls files from under running processes).
 * Reused while no source changed; suites running in parallel build once (a lock directory). Returns the folder
 * holding `backend/src/main.js` and `backend/src/worker.js`.
 */
export async function ensureProductionBuild(): Promise<string> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const ready = freshBuild();
    if (ready) return ready;
    try {
      mkdirSync(join(REPO_ROOT, 'tmp'), { recursive: true });
      mkdirSync(LOCK);
    } catch {
      // Another suite is building (or died building: a lock older than 5 minutes is stale).
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the production build of another suite');
      await sleep(500);
      continue;
    }
    try {
      const again = freshBuild();
      if (again) return again;
      const out = join(BUILDS, String(Date.now()));
      const tools = join(REPO_ROOT, 'node_modules', '.bin');
      run(join(tools, 'tsc'), ['-p', 'backend/tsconfig.app.json', '--outDir', out]);
      run(join(tools, 'tsc-alias'), ['-p', 'backend/tsconfig.app.json', '--outDir', out]);
      writeFileSync(join(out, '.built'), new Date().toISOString());
      forgetOldBuilds(out);
      return out;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
