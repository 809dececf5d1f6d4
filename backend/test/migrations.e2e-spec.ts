import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/database/migrations';
import { revertAllMigrations, runMigrationsLocked } from '../src/database/migration-runner';
import { createTestDatabase, type TestDatabase } from './support';

const TABLES = [
  'analytics_fail_code_daily',
  'analytics_gate_daily',
  'api_keys',
  'artifacts',
  'audit_events',
  'experiment_results',
  'experiments',
  'gate_executions',
  'idempotency_keys',
  'models',
  'operator_actions',
  'password_reset_tokens',
  'prompt_parts',
  'provider_credentials',
  'refresh_tokens',
  'run_events',
  'run_notification_emails',
  'runs',
  'settings',
  'specs',
  'sso_identities',
  'users',
  'webhook_deliveries',
  'webhooks',
  'workflow_templates',
  'workspace_files',
];

describe('migrations', () => {
  let db: TestDatabase;
  let a: DataSource;
  let b: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    [a, b] = await Promise.all([db.connect(), db.connect()]);
  });
  afterAll(() => db?.drop());

  const tables = async () =>
    (
      await a.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`)
    ).map((row: { table_name: string }) => row.table_name);

  it('apply to an empty database once, even when two instances start together', async () => {
    expect(await tables()).toEqual([]);
    const [first, second] = await Promise.all([runMigrationsLocked(a), runMigrationsLocked(b)]);
    expect(first.length + second.length).toBe(MIGRATIONS.length);
    expect(await tables()).toEqual(TABLES);
    const recorded = await a.query('SELECT count(*)::int AS n FROM migrations');
    expect(recorded[0].n).toBe(MIGRATIONS.length);
    expect(await a.showMigrations()).toBe(false);
  });

  it('produce exactly the schema the entities describe (nothing left for TypeORM to change)', async () => {
    const pending = await a.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('enforce the constraints: status checks, unique template+version, foreign keys, numeric money', async () => {
    const [user] = await a.query(`INSERT INTO users (email, password_hash) VALUES ('c@example.test', 'x') RETURNING id`);
    const [template] = await a.query(
      `INSERT INTO workflow_templates (slug, name, type) VALUES ('t', 'T', 'research') RETURNING id`,
    );
    const insertSpec = (version: string) =>
      a.query(
        `INSERT INTO specs (template_id, version, version_hash, definition) VALUES ($1, $2, 'h', '{}') RETURNING id`,
        [template.id, version],
      );
    const [spec] = await insertSpec('1.0.0');
    await expect(insertSpec('1.0.0')).rejects.toThrow(/uq_specs_template_id_version/);

    const insertRun = (status: string) =>
      a.query(
        `INSERT INTO runs (spec_id, template_id, user_id, intent, project_slug, display_name, status, total_cost_usd)
         VALUES ($1, $2, $3, '{}', 'p', 'P', $4, '0.123456') RETURNING id, total_cost_usd`,
        [spec.id, template.id, user.id, status],
      );
    const [run] = await insertRun('pending');
    expect(run.total_cost_usd).toBe('0.123456000'); // 9 decimals: exact token costs
    await expect(insertRun('exploded')).rejects.toThrow(/chk_runs_status/);

    const insertGate = (status: string, runId = run.id) =>
      a.query(
        `INSERT INTO gate_executions (run_id, gate_id, gate_name, phase, gate_order, status, fail_codes)
         VALUES ($1, 'G1', 'Intake', 'intake', 1, $2, ARRAY['MISSING_FILE'])`,
        [runId, status],
      );
    await insertGate('warning');
    await expect(insertGate('maybe')).rejects.toThrow(/chk_gate_executions_status/);
    await expect(insertGate('passed', '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/fk_gate_executions_run_id/);

    const events = await a.query(
      `INSERT INTO run_events (run_id, type) VALUES ($1, 'gate_started'), ($1, 'gate_passed') RETURNING id`,
      [run.id],
    );
    expect(BigInt(events[1].id)).toBeGreaterThan(BigInt(events[0].id));
  });

  it('revert cleanly: every down migration runs and every table is gone', async () => {
    expect(await revertAllMigrations(a)).toBe(MIGRATIONS.length);
    expect(await tables()).toEqual([]);
    const recorded = await a.query('SELECT count(*)::int AS n FROM migrations');
    expect(recorded[0].n).toBe(0);
  });
});
