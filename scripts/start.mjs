#!/usr/bin/env node
// `npm start`: the whole platform on one machine — API, a worker, user-ui and admin-ui (production builds, built
// once and rebuilt only when sources changed, served with /api proxied) — plus PostgreSQL and Redis when none is
// there: an embedded PostgreSQL (data in ESY_DATA_DIR, default .esy/) and an in-memory redis-server.
// `npm run dev` (--dev): the same, with the backend from its TypeScript sources and Angular dev servers (hot reload).
// --no-web: API and worker only.
import concurrently from 'concurrently';
import { join, relative, resolve } from 'node:path';
import { ensureBuild, ROOT } from './platform/builds.mjs';
import { isListening, portFromEnv, waitForPort } from './platform/ports.mjs';
import { planPostgres, startPostgres } from './platform/postgres.mjs';
import { StartError } from './platform/processes.mjs';
import { planRedis, startRedis } from './platform/redis.mjs';
import { printBanner, watchFirstAdmin } from './platform/banner.mjs';

const args = process.argv.slice(2);
const dev = args.includes('--dev');
const withWeb = !args.includes('--no-web');

/** Everything that must be stopped on the way out, last started first. */
const cleanups = [];
let stopping = false;
let processesStarted = false;

async function main() {
  const ports = {
    postgres: portFromEnv('ESY_POSTGRES_PORT', 5432),
    redis: portFromEnv('ESY_REDIS_PORT', 6379),
    api: portFromEnv('PORT', 3000),
    userUi: portFromEnv('USER_UI_PORT', 4200),
    adminUi: portFromEnv('ADMIN_UI_PORT', 4201),
  };
  const dataRoot = resolve(process.env.ESY_DATA_DIR ?? join(ROOT, '.esy'));
  await refuseTakenPorts(withWeb ? [['PORT', ports.api], ['USER_UI_PORT', ports.userUi], ['ADMIN_UI_PORT', ports.adminUi]] : [['PORT', ports.api]]);

  // Decide first (a missing Redis stops here, in one line), build second (the slow part), start last.
  const redisPlan = await planRedis(ports.redis);
  const postgresPlan = await planPostgres(ports.postgres, dataRoot);
  if (!dev) for (const name of ['backend', ...(withWeb ? ['user-ui', 'admin-ui'] : [])]) await ensureBuild(name);

  const [redis, postgres] = await Promise.all([startRedis(redisPlan, ports.redis), startPostgres(postgresPlan)]);
  cleanups.push(redis.stop, postgres.stop);

  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const backendEnv = { ...process.env, DATABASE_URL: postgres.url, REDIS_URL: redis.url, PORT: String(ports.api), ESY_API_URL: apiUrl };
  const backend = (entry) => (dev ? `node -r ./backend/tools/swc-register.cjs backend/src/${entry}.ts` : `node dist/backend/backend/src/${entry}.js`);
  const web = (app, port) =>
    dev ? `npx nx serve ${app} --skip-nx-cache --port ${port}` : `node scripts/serve-dist.mjs dist/${app} --port ${port} --api ${apiUrl}`;
  const commands = [
    { name: 'api', command: backend('main'), env: backendEnv, prefixColor: 'blue' },
    { name: 'worker', command: backend('worker'), env: backendEnv, prefixColor: 'magenta' },
  ];
  if (withWeb) {
    commands.push(
      { name: 'user-ui', command: web('user-ui', ports.userUi), env: backendEnv, prefixColor: 'green' },
      { name: 'admin-ui', command: web('admin-ui', ports.adminUi), env: backendEnv, prefixColor: 'yellow' },
    );
  }
  processesStarted = true;
  const running = concurrently(commands, { cwd: ROOT, killOthersOn: ['failure'], restartTries: 0 });
  const firstAdmin = watchFirstAdmin(running.commands[0]);
  const exited = running.result.then(() => 0, () => 1);

  const ready = Promise.all([
    waitForHttp(`${apiUrl}/api/health/ready`),
    ...(withWeb ? [waitForPort(ports.userUi, { timeoutMs: 300_000 }), waitForPort(ports.adminUi, { timeoutMs: 300_000 })] : []),
  ]);
  const first = await Promise.race([ready.then(() => 'ready'), exited.then(() => 'exited')]);
  if (first === 'ready') {
    printBanner({
      dev,
      withWeb,
      ports,
      postgres: { source: postgres.source, embedded: postgresPlan.embedded && relative(process.cwd(), postgresPlan.embedded.dataDir) },
      redis: { source: redis.source },
      firstAdmin: firstAdmin(),
    });
  }
  const code = await exited;
  return stopping ? 0 : code;
}

/** A port in use now would make a process fail later with EADDRINUSE among many lines: say it at once instead. */
async function refuseTakenPorts(entries) {
  for (const [name, port] of entries) {
    if (await isListening(port)) throw new StartError(`Port ${port} is already in use (another npm start?): stop what uses it, or set ${name}.`);
  }
}

async function waitForHttp(url, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => null);
    if (response?.ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs / 1000} s`);
}

// concurrently forwards SIGINT/SIGTERM to the API, worker and web servers; PostgreSQL and Redis stop after them.
// Before they exist (building, starting PostgreSQL), a signal stops what is already running and exits.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true;
    if (!processesStarted) runCleanups().then(() => process.exit(130));
  });
}

async function runCleanups() {
  while (cleanups.length) await cleanups.pop()().catch((error) => console.error(`while stopping: ${error.message}`));
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error instanceof StartError ? error.message : `npm start failed: ${error.message}`);
} finally {
  await runCleanups();
}
process.exit(exitCode);
