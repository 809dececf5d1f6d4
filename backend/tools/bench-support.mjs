// What the benchmark scripts (bench-runs.mjs, bench-analytics.mjs) share: arguments, backend processes started
// from the TypeScript sources, a throw-away database and Redis key prefix, HTTP calls and percentiles.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import Redis from 'ioredis';

export const root = new URL('../..', import.meta.url).pathname;
export const POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_ADMIN = { email: 'bench-admin@esy.local', password: 'bench-admin-password' };

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const log = (message) => console.log(`[bench] ${message}`);

/** `--name value`, `--name=value` and bare `--flag` (true). */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) continue;
    if (match[2] !== undefined) out[match[1]] = match[2];
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) out[match[1]] = argv[++i];
    else out[match[1]] = true;
  }
  return out;
}

/** The p-quantile (0–1) of ascending values, rounded to 0.01; NaN for none. */
export function quantile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return Math.round(value * 100) / 100;
}

export async function waitUntil(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${what} did not become ready`);
    await sleep(250);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A JSON call to the API; a non-2xx answer throws with the start of the body. */
export async function call(base, method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Starts a backend entry (`backend/src/main.ts`, `worker.ts`) from the sources — or, with `dist` (a folder holding
 * `backend/src/main.js`, e.g. `dist/backend` after `npx nx build backend`), from the compiled build as deployed;
 * keeps the tail of its output and prints it if the process dies while `isExiting()` is false.
 */
export function startBackend(name, entry, env, { nodeArgs = [], isExiting = () => false, dist = null } = {}) {
  const args = dist ? [...nodeArgs, join(resolve(root, dist), entry.replace(/\.ts$/, '.js'))] : [...nodeArgs, '-r', './backend/tools/swc-register.cjs', entry];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle = { name, child, pid: child.pid, output: '' };
  const collect = (chunk) => {
    handle.output = (handle.output + chunk.toString()).slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.on('exit', (code, signal) => {
    if (!isExiting()) console.error(`${name} exited (${code ?? signal}):\n${handle.output.slice(-3000)}`);
  });
  return handle;
}

/** SIGTERM (graceful), SIGKILL after 15 s; resolves when the process is gone. */
export function stopBackend(handle) {
  return new Promise((resolve) => {
    if (!handle || handle.child.exitCode !== null || handle.child.signalCode !== null) return resolve();
    handle.child.once('exit', resolve);
    handle.child.kill('SIGTERM');
    setTimeout(() => handle.child.kill('SIGKILL'), 15_000).unref();
  });
}

/** Creates the database and returns its URL. */
export async function createDatabase(database) {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  const url = new URL(POSTGRES);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops the bench database and deletes the Redis keys under its prefix. */
export async function removeBenchData(database, prefix) {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client
    .connect()
    .then(() => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`))
    .catch((e) => console.error(`drop ${database}: ${e.message}`));
  await client.end().catch(() => undefined);
  await deleteRedisPrefix(prefix);
}

export async function deleteRedisPrefix(prefix) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
