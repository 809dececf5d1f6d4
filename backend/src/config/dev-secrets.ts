import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The Nx workspace root (the folder holding nx.json), found from this file whether run from src or dist. */
export function workspaceRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Development-only secrets are generated once and kept in `tmp/dev-secrets.json` (git-ignored), so sessions and
 * encrypted provider credentials survive a restart of `npm start`. Production never reaches this code.
 */
export function readOrCreateDevSecret(name: string, generate: () => string): { value: string; file: string } {
  const file = join(workspaceRoot(), 'tmp', 'dev-secrets.json');
  let secrets: Record<string, string> = {};
  if (existsSync(file)) {
    try {
      secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      secrets = {};
    }
  }
  if (!secrets[name]) {
    secrets[name] = generate();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  return { value: secrets[name], file: relative(process.cwd(), file) || file };
}
