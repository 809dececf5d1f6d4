import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAppBuild } from './build';
import { createDatabase, databaseUrl, dropDatabase, randomDatabaseName } from './database';
import { freePort } from './ports';
import { startProcess, stopProcess, waitForHttp } from './processes';
import { E2E_TMP, ROOT } from './paths';

/** Everything a test needs to reach the running platform, and everything teardown needs to stop it. */
export interface StackState {
  database: string;
  databaseUrl: string;
  redisUrl: string;
  apiUrl: string;
  userUiUrl: string | null;
  adminUiUrl: string | null;
  adminEmail: string;
  adminPassword: string;
  logDir: string;
  /** Environment of the backend processes (so a test can restart the worker with different simulator settings). */
  backendEnv: Record<string, string>;
  pids: { api?: number; worker?: number; userUi?: number; adminUi?: number };
}

export interface StackOptions {
  /** Web apps to build and serve (each proxies /api to the API). */
  apps: ('user-ui' | 'admin-ui')[];
  /** Simulator and other backend settings (e.g. ESY_SIMULATOR_LATENCY_MS). */
  backendEnv?: Record<string, string>;
}

/** The e2e content folder, or null for the backend's default (the built-in content). */
function orchestrationDir(): string | null {
  const chosen = process.env.E2E_ORCHESTRATION_DIR;
  if (chosen === 'builtin') return null;
  return chosen ?? join(ROOT, 'e2e', 'fixtures', 'orchestration');
}

const backendEntry = (file: string) => ['-r', './backend/tools/swc-register.cjs', `backend/src/${file}`];

/** Creates a fresh database, builds the apps when stale, starts API, worker and static servers. */
export async function startStack(options: StackOptions): Promise<StackState> {
  mkdirSync(E2E_TMP, { recursive: true });
  forgetOldLogs();
  const database = randomDatabaseName();
  const logDir = join(E2E_TMP, database);
  mkdirSync(logDir, { recursive: true });

  // Build first: it is the slow part and needs no services.
  const dists = Object.fromEntries(options.apps.map((app) => [app, ensureAppBuild(app)]));

  await createDatabase(database);
  const apiPort = await freePort(Number(process.env.E2E_API_PORT) || undefined);
  // The apps' ports are chosen first: the API must know their addresses (single sign-on returns to them).
  const appPorts: Record<string, number> = {};
  for (const app of options.apps) appPorts[app] = await freePort();
  const redisDb = 1 + (parseInt(randomBytes(1).toString('hex'), 16) % 15);
  const state: StackState = {
    database,
    databaseUrl: databaseUrl(database),
    redisUrl: `${process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379'}/${redisDb}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    userUiUrl: null,
    adminUiUrl: null,
    adminEmail: 'admin@e2e.esy.test',
    adminPassword: `e2e-${randomBytes(8).toString('hex')}`,
    logDir,
    backendEnv: {},
    pids: {},
  };
  state.backendEnv = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    DATABASE_URL: state.databaseUrl,
    REDIS_URL: state.redisUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    ADMIN_EMAIL: state.adminEmail,
    ADMIN_PASSWORD: state.adminPassword,
    LOGIN_RATE_LIMIT: '1000',
    RATE_LIMIT_USER: '1000000',
    RATE_LIMIT_API_KEY: '1000000',
    RATE_LIMIT_IP: '1000000',
    ARGON2_MEMORY_KIB: '4096',
    ARGON2_TIME_COST: '1',
    LOG_LEVEL: 'info',
    // Own Redis keys and channels, so suites sharing one Redis never see each other's queues or events.
    REDIS_KEY_PREFIX: database,
    // A replaced worker hands its running attempts back quickly instead of finishing them.
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    ...(appPorts['user-ui'] ? { PUBLIC_APP_URL: `http://127.0.0.1:${appPorts['user-ui']}` } : {}),
    ...(appPorts['admin-ui'] ? { PUBLIC_ADMIN_URL: `http://127.0.0.1:${appPorts['admin-ui']}` } : {}),
    // Content made for these tests (two templates, five short steps), so the suite does not change when the
    // built-in workflows do. E2E_ORCHESTRATION_DIR=builtin runs it on the built-in content instead.
    ...(orchestrationDir() ? { ORCHESTRATION_DIR: orchestrationDir() as string } : {}),
    ...(options.backendEnv ?? {}),
  };
  // One state file per suite run, found by tests through the environment (workers inherit it), so two suites
  // running at once never read each other's state.
  process.env.E2E_STATE_FILE = join(E2E_TMP, `${database}.json`);
  writeState(state); // written early so teardown can clean up even if start-up fails half-way

  const apiLog = join(logDir, 'api.log');
  state.pids.api = startProcess(process.execPath, backendEntry('main.ts'), backendProcessEnv(state), apiLog);
  writeState(state);
  await waitForHttp(`${state.apiUrl}/api/health/ready`, state.pids.api, apiLog);
  await startWorker(state);

  for (const app of options.apps) {
    const dist = dists[app];
    if (!dist) continue;
    const port = appPorts[app];
    const log = join(logDir, `${app}.log`);
    const pid = startProcess(process.execPath, ['scripts/serve-dist.mjs', dist, '--port', String(port), '--api', state.apiUrl], process.env, log);
    const url = `http://127.0.0.1:${port}`;
    if (app === 'user-ui') Object.assign(state, { userUiUrl: url }, { pids: { ...state.pids, userUi: pid } });
    else Object.assign(state, { adminUiUrl: url }, { pids: { ...state.pids, adminUi: pid } });
    writeState(state);
    await waitForHttp(url, pid, log, 15_000);
  }
  return state;
}

/** Log folders of earlier suite runs are kept a day for reading, then removed. */
function forgetOldLogs(): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const entry of readdirSync(E2E_TMP)) {
    const path = join(E2E_TMP, entry);
    if (/^esy_e2e_/.test(entry) && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}

function backendProcessEnv(state: StackState, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...state.backendEnv, ...extra };
}

/** The worker runs gates; the API alone only queues them. Absent in workspaces without a worker entry point. */
async function startWorker(state: StackState, extra: Record<string, string> = {}): Promise<void> {
  if (!existsSync(join(ROOT, 'backend/src/worker.ts'))) return;
  const log = join(state.logDir, 'worker.log');
  state.pids.worker = startProcess(process.execPath, backendEntry('worker.ts'), backendProcessEnv(state, extra), log);
  writeState(state);
}

/**
 * Replaces the worker with one started with extra settings (e.g. `ESY_SIMULATOR_FAIL_GATES`), for tests that need
 * the simulator to misbehave. Call again with `{}` to go back to the defaults.
 */
export async function restartWorker(extra: Record<string, string>): Promise<void> {
  const state = readState();
  await stopProcess(state.pids.worker, 8000);
  state.pids.worker = undefined;
  await startWorker(state, extra);
  // Give the new worker a moment to subscribe to the queue before the test enqueues work.
  await new Promise((r) => setTimeout(r, 1500));
}

/** Stops the API process (every open connection, live streams included, drops at once). */
export async function stopApi(): Promise<void> {
  const state = readState();
  await stopProcess(state.pids.api, 3000);
  state.pids.api = undefined;
  writeState(state);
}

/** Starts the API again on the same port (the web apps' proxies point there) and waits until it is ready. */
export async function startApi(): Promise<void> {
  const state = readState();
  const log = join(state.logDir, 'api.log');
  state.pids.api = startProcess(process.execPath, backendEntry('main.ts'), backendProcessEnv(state), log);
  writeState(state);
  await waitForHttp(`${state.apiUrl}/api/health/ready`, state.pids.api, log);
}

/** Stops every process this suite started (by their ids) and drops its database. */
export async function stopStack(state: StackState | null = readStateIfAny()): Promise<void> {
  if (!state) return;
  await Promise.all([stopProcess(state.pids.userUi), stopProcess(state.pids.adminUi)]);
  await stopProcess(state.pids.worker);
  await stopProcess(state.pids.api);
  if (process.env.E2E_KEEP_DB === '1') {
    console.log(`[e2e] keeping database ${state.database}`);
    return;
  }
  await dropDatabase(state.database).catch((error: Error) => console.error(`[e2e] could not drop ${state.database}: ${error.message}`));
}

function stateFile(): string | null {
  return process.env.E2E_STATE_FILE ?? null;
}

export function writeState(state: StackState): void {
  const file = stateFile();
  if (!file) throw new Error('[e2e] E2E_STATE_FILE is not set');
  writeFileSync(file, JSON.stringify(state, null, 2));
}

export function readState(): StackState {
  const state = readStateIfAny();
  if (!state) throw new Error(`[e2e] no stack state (${stateFile() ?? 'E2E_STATE_FILE unset'}): the global setup did not run`);
  return state;
}

function readStateIfAny(): StackState | null {
  const file = stateFile();
  return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StackState) : null;
}

/** Removes the state file once everything is stopped. */
export function forgetState(): void {
  const file = stateFile();
  if (file && existsSync(file)) rmSync(file);
}
