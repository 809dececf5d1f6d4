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
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import {
  BENCH_ADMIN as ADMIN,
  call,
  createDatabase,
  freePort,
  log,
  parseArgs,
  quantile,
  REDIS_URL,
  removeBenchData,
  root,
  startBackend,
  stopBackend,
  waitUntil,
} from './bench-support.mjs';

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 50_000);
// 16 gates per run plus (gates-per-run − 16) second attempts of gates whose first attempt failed: 16..32.
const GATES_PER_RUN = Math.min(32, Math.max(16, Number(args['gates-per-run'] ?? 20)));
const CALLS = Number(args.calls ?? 20);
const WARMUPS = 3;
const TARGET_P50_MS = 200;

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
  const dbUrl = await createDatabase(database);
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
  api = startBackend('api', 'backend/src/main.ts', env, { isExiting: () => exiting });
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
    results.push({ path, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: round(times[times.length - 1]) });
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

async function cleanup() {
  exiting = true;
  await stopBackend(api);
  if (args['keep-db']) log(`kept database ${database}`);
  else await removeBenchData(database, prefix);
}

const round = (ms) => Math.round(ms * 10) / 10;
process.on('SIGINT', () => {
  cleanup().finally(() => process.exit(130));
});
