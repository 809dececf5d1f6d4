import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/**
 * Builds `dist/<app>` unless it is newer than every source it depends on (a fresh build is reused; set
 * E2E_REBUILD=1 to force), with the same build and staleness rule as `npm start` (scripts/platform/builds.mjs).
 * Returns the dist folder, or null when the app does not exist in this workspace.
 */
export function ensureAppBuild(app: string): string | null {
  if (!existsSync(join(ROOT, app, 'project.json'))) return null;
  const force = process.env.E2E_REBUILD === '1' ? ['--force'] : [];
  const result = spawnSync(process.execPath, ['scripts/platform/builds.mjs', ...force, app], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`[e2e] production build of ${app} failed (exit ${result.status})`);
  const dist = join(ROOT, 'dist', app);
  checkInitialSize(dist);
  return dist;
}

/**
 * The apps must load fast on a phone: their initial JavaScript stays ≤ 250 kB gzipped. Angular's build budgets
 * only see raw bytes, so the exact gzip check runs on every build the suite serves (and fails the suite).
 */
function checkInitialSize(dist: string): void {
  const result = spawnSync(process.execPath, ['scripts/check-bundle-size.mjs', dist, '--max-gzip-kb', '250'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`[e2e] ${dist}: initial JavaScript is over 250 kB gzipped (or could not be measured)`);
}
