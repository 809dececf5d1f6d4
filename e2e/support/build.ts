import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/** Newest modification time under the given paths (files and folders, recursively). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
  };
  paths.forEach((path) => visit(join(ROOT, path)));
  return newest;
}

/** The sources a web app's production build depends on. */
function appInputs(app: string): string[] {
  return [`${app}/src`, `${app}/public`, `${app}/project.json`, `${app}/tsconfig.app.json`, 'libs/api-client/src', 'libs/ui-auth/src', 'libs/ui-kit/src', 'libs/ui-kit/styles', 'package-lock.json'];
}

/**
 * Builds `dist/<app>` unless it is newer than every source it depends on (a fresh build is reused; set
 * E2E_REBUILD=1 to force). Returns the dist folder, or null when the app does not exist in this workspace.
 */
export function ensureAppBuild(app: string): string | null {
  if (!existsSync(join(ROOT, app, 'project.json'))) return null;
  const dist = join(ROOT, 'dist', app);
  const index = join(dist, 'index.html');
  const fresh = existsSync(index) && statSync(index).mtimeMs > newestMtime(appInputs(app));
  if (!fresh || process.env.E2E_REBUILD === '1') {
    console.log(`[e2e] building ${app} (production)…`);
    const result = spawnSync('npx', ['nx', 'build', app, '--skip-nx-cache', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    if (result.status !== 0) throw new Error(`[e2e] production build of ${app} failed (exit ${result.status})`);
  }
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
