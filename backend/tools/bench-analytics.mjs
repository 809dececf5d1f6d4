#!/usr/bin/env node
// `npm run bench:analytics`: latency of the admin analytics endpoints and the admin run list on a large history.
//
// Creates a fresh database, starts the API from the TypeScript sources (migrations and seed run as in production),
// bulk-seeds 50,000 runs and 1,000,000 gate executions in SQL (generate_series; spread over 90 days, ten models,
// retries, warnings, fail codes, small prompt packets), rebuilds the analytics rollups once, then calls every
// endpoint through HTTP (warm-ups, then N timed calls) and prints p50/p95/max per endpoint against the 200 ms p50
// target. The database and the Redis keys are removed afterwards.
//
//   npm run bench:analytics -- [--runs 50000] [--gates-per-run 20] [--calls 20] [--keep-db]
//
// PostgreSQL/Redis: TEST_POSTGRES_URL (maintenance DB) and REDIS_URL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import Redis from 'ioredis';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 50_000);
// 16 gates per run plus (gates-per-run − 16) second attempts of gates whose first attempt failed: 16..32.
const GATES_PER_RUN = Math.min(32, Math.max(16, Number(args['gates-per-run'] ?? 20)));
const CALLS = Number(args.calls ?? 20);
const WARMUPS = 3;
const TARGET_P50_MS = 200;
const POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { email: 'bench-admin@esy.local', password: 'bench-admin-password' };

const id = randomBytes(4).toString('hex');
const database = `esy_bench_analytics_${id}`;
const prefix = `bench-analytics-${id}`;
let api;
let exiting = false;

main()
  .catch((error) => {
    console.error(`bench:analytics failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(cleanup);

async function main() {
  const dbUrl = await createDatabase();
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    ORCHESTRATION_DIR: process.env.ORCHESTRATION_DIR ?? join(root, 'orchestration'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    LOGIN_RATE_LIMIT: '10000',
    RUN_WORKER_IN_API: 'false',
  };
  log(`database ${database}; starting the API`);
  api = start('api', 'backend/src/main.ts', env);
  const base = `http://127.0.0.1:${port}`;
  await waitUntil('the API', async () => (await fetch(`${base}/api/health/ready`)).ok, 180_000);

  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    await waitUntil('the seed', async () => (await db.query('SELECT count(*)::int AS n FROM specs')).rows[0].n > 0, 60_000);
    const started = Date.now();
    await seed(db);
    const counts = (await db.query(`SELECT (SELECT count(*) FROM runs)::int AS runs, (SELECT count(*) FROM gate_executions)::int AS gates,
      (SELECT count(*) FROM analytics_gate_daily)::int AS rollups`)).rows[0];
    log(`seeded ${counts.runs} runs, ${counts.gates} gate executions (${counts.rollups} rollup rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.end();
  }

  const token = (await call(base, 'POST', '/api/auth/login', null, ADMIN)).access_token;
  const endpoints = [
    '/api/admin/analytics/overview',
    '/api/admin/analytics/reliability',
    '/api/admin/analytics/reliability?days=90',
    '/api/admin/analytics/fail-codes',
    '/api/admin/analytics/cost-trend',
    '/api/admin/analytics/cost-trend?days=90',
    '/api/admin/models',
    '/api/admin/runs',
    '/api/admin/runs?status=failed',
    '/api/admin/runs?offset=10000',
  ];
  const results = [];
  for (const path of endpoints) {
    for (let i = 0; i < WARMUPS; i++) await call(base, 'GET', path, token);
    const times = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await call(base, 'GET', path, token);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push({ path, p50: q(times, 0.5), p95: q(times, 0.95), max: round(times[times.length - 1]) });
  }

  console.log(`\nbench:analytics — ${RUNS.toLocaleString('en')} runs, ${(RUNS * GATES_PER_RUN).toLocaleString('en')} gate executions; ${CALLS} timed calls each (after ${WARMUPS} warm-ups), through HTTP`);
  console.log(`${'endpoint'.padEnd(46)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  target p50 ≤ ${TARGET_P50_MS} ms`);
  for (const r of results) {
    console.log(`${r.path.padEnd(46)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)} ${String(r.max).padStart(8)}  ${r.p50 <= TARGET_P50_MS ? 'ok' : 'MISSED'}`);
  }
  const missed = results.filter((r) => r.p50 > TARGET_P50_MS);
  if (missed.length) {
    console.log(`\n${missed.length} endpoint(s) missed the target.`);
    process.exitCode = 2;
  }
}

/**
 * Bulk history in a handful of statements. The analytics triggers are paused for the bulk insert and the rollups
 * rebuilt once at the end (what a row-by-row history would have produced, much faster).
 */
async function seed(db) {
  const step = async (label, sql, params = []) => {
    const t0 = Date.now();
    await db.query(sql, params);
    log(`  ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };
  await step('users', `INSERT INTO users (email, password_hash, display_name)
    SELECT 'bench-' || g || '@bench.local', 'not-a-hash', 'Bench user ' || g FROM generate_series(1, 200) g`);
  await step('runs', `
    WITH s AS (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, template_id FROM specs),
         u AS (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE email LIKE 'bench-%'),
         sc AS (SELECT count(*) AS c FROM s)
    INSERT INTO runs (spec_id, template_id, user_id, intent, project_slug, display_name, status, total_gates, simulated,
                      created_at, updated_at, started_at, completed_at)
    SELECT s.id, s.template_id, u.id, '{"word": "bench"}', 'bench-' || g, 'Bench run ' || g,
      CASE WHEN g % 100 < 85 THEN 'completed' WHEN g % 100 < 93 THEN 'failed' WHEN g % 100 < 98 THEN 'paused' ELSE 'running' END,
      16, true, ts, ts, ts, CASE WHEN g % 100 < 93 THEN ts + interval '12 minutes' END
    FROM generate_series(1, $1::int) g
    CROSS JOIN sc
    CROSS JOIN LATERAL (SELECT now() - ((g::bigint * 104729) % (90 * 86400)) * interval '1 second' AS ts) t
    JOIN s ON s.n = g % sc.c
    JOIN u ON u.n = g % 200`, [RUNS]);
  await step('pause analytics triggers', `ALTER TABLE gate_executions DISABLE TRIGGER USER`);
  // Attempts 1..16 are the gates; the rest are second attempts of the first gates, whose first attempt failed.
  await step('gate executions', `
    WITH m AS (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, provider, input_price_per_1k AS pin, output_price_per_1k AS pout FROM models),
         r AS (SELECT id, created_at, row_number() OVER (ORDER BY created_at) AS rn FROM runs WHERE project_slug LIKE 'bench-%')
    INSERT INTO gate_executions (run_id, gate_id, gate_name, phase, gate_order, agent_slug, model_id, model_provider, status,
      attempt_number, prompt_packet, raw_output, validation_results, fail_codes, tokens_in, tokens_out, cost_usd, duration_ms,
      simulated, started_at, completed_at, created_at, updated_at)
    SELECT r.id, 'G' || x.go, 'Gate ' || x.go,
      (ARRAY['intake', 'research', 'spec', 'design', 'production', 'audit', 'publication'])[least(7, 1 + (x.go - 1) / 3)],
      x.go, 'bench-agent', m.id, m.provider, x.status, x.att,
      jsonb_build_object('system', 'You are a bench agent.', 'instructions', repeat('Write the files. ', 12)),
      jsonb_build_object('text', 'done', 'rounds', 3), '[]'::jsonb, x.codes, x.tin, x.tout,
      round(x.tin * m.pin / 1000 + x.tout * m.pout / 1000, 9), 1000 + x.go * 10, true,
      r.created_at + x.go * interval '30 seconds', r.created_at + x.go * interval '30 seconds' + interval '20 seconds',
      r.created_at + x.go * interval '30 seconds', r.created_at + x.go * interval '30 seconds'
    FROM r
    CROSS JOIN generate_series(1, $1::int) i
    CROSS JOIN LATERAL (
      SELECT ((i - 1) % 16) + 1 AS go, 1 + (i - 1) / 16 AS att,
        CASE WHEN i <= $1::int - 16 THEN 'failed' WHEN (r.rn * i) % 17 = 0 THEN 'warning' ELSE 'passed' END AS status,
        CASE WHEN i <= $1::int - 16
             THEN ARRAY[(ARRAY['VALIDATION_FAILED', 'MISSING_ARTIFACT', 'HEADING_MISMATCH', 'TIMEOUT', 'MODEL_ERROR'])[1 + ((r.rn + i) % 5)::int]]
             ELSE '{}'::text[] END AS codes,
        2000 + ((r.rn * 31 + i * 97) % 6000)::int AS tin, 500 + ((r.rn * 17 + i * 13) % 2000)::int AS tout
    ) x
    JOIN m ON m.n = (r.rn + x.go) % (SELECT count(*) FROM m)`, [GATES_PER_RUN]);
  await step('resume analytics triggers', `ALTER TABLE gate_executions ENABLE TRIGGER USER`);
  await step('run totals', `
    UPDATE runs r SET total_cost_usd = s.cost, tokens_in = s.tin, tokens_out = s.tout, passed_gates = s.passed, failed_gates = s.failed
    FROM (SELECT run_id, sum(cost_usd) AS cost, sum(tokens_in) AS tin, sum(tokens_out) AS tout,
            count(*) FILTER (WHERE status IN ('passed', 'warning') ) AS passed, count(*) FILTER (WHERE status = 'failed') AS failed
          FROM gate_executions GROUP BY run_id) s
    WHERE s.run_id = r.id`);
  await step('rebuild analytics rollups', `SELECT analytics_rebuild()`);
  await step('vacuum analyze', `VACUUM ANALYZE`);
}

async function call(base, method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

function start(name, entry, env) {
  const child = spawn(process.execPath, ['-r', './backend/tools/swc-register.cjs', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle = { name, child, output: '' };
  const collect = (chunk) => {
    handle.output = (handle.output + chunk.toString()).slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.on('exit', (code, signal) => {
    if (!exiting) console.error(`${name} exited (${code ?? signal}):\n${handle.output.slice(-3000)}`);
  });
  return handle;
}

async function createDatabase() {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  const url = new URL(POSTGRES);
  url.pathname = `/${database}`;
  return url.toString();
}

async function cleanup() {
  exiting = true;
  if (api && api.child.exitCode === null && api.child.signalCode === null) {
    await new Promise((resolve) => {
      api.child.once('exit', resolve);
      api.child.kill('SIGTERM');
      setTimeout(() => api.child.kill('SIGKILL'), 15_000).unref();
    });
  }
  if (!args['keep-db']) {
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect().then(() => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch((e) => console.error(`drop ${database}: ${e.message}`));
    await client.end().catch(() => undefined);
  } else {
    log(`kept database ${database}`);
  }
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

function q(sorted, p) {
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]);
}

const round = (ms) => Math.round(ms * 10) / 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.log(`[bench] ${message}`);

async function waitUntil(what, check, timeoutMs) {
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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function parseArgs(argv) {
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

process.on('SIGINT', () => {
  cleanup().finally(() => process.exit(130));
});
