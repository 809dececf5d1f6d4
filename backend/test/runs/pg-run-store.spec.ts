// The production RunStore (PgRunStore) against the same contract suite as the CLI's MemoryRunStore, on a fresh
// migrated PostgreSQL database.
import type { RunSnapshot } from '@esy/orchestration';
import type { DataSource } from 'typeorm';
import { runStoreContract } from '../../../orchestration/test/engine/support/run-store-contract';
import { PgRunStore } from '../../src/engine/pg-run-store';
import { Pg } from '../../src/engine/pg';
import { createTestDatabase, type TestDatabase } from '../support';

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: true });
  dataSource = await db.connect();
});
afterAll(() => db.drop());

/** The rows a run needs around it (owner, template, the pinned spec holding the workflow), then the run itself. */
async function insertRun(run: RunSnapshot): Promise<void> {
  await db.query('DELETE FROM runs WHERE id = $1', [run.id]);
  const [user] = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash) VALUES ('store-' || gen_random_uuid() || '@example.test', 'x') RETURNING id`,
  );
  const [template] = await db.query<{ id: string }>(
    `INSERT INTO workflow_templates (slug, name, type) VALUES ('store-' || gen_random_uuid(), 'Store contract', 'research') RETURNING id`,
  );
  const [spec] = await db.query<{ id: string }>(
    `INSERT INTO specs (template_id, version, version_hash, definition) VALUES ($1, $2, 'hash', $3) RETURNING id`,
    [template.id, run.workflow.version, JSON.stringify(run.workflow)],
  );
  await db.query(
    `INSERT INTO runs (id, spec_id, template_id, user_id, intent, project_slug, display_name, status, mode, depth, total_gates, budget_usd)
     VALUES ($1, $2, $3, $4, $5, $6, 'contract run', $7, $8, $9, $10, $11)`,
    [run.id, spec.id, template.id, user.id, JSON.stringify(run.intent), run.slug, run.status, run.mode, run.depth, run.workflow.gates.length, run.budgetUsd],
  );
}

runStoreContract('PgRunStore', async (run) => {
  await insertRun(run);
  return new PgRunStore(Pg.fromDataSource(dataSource));
});
