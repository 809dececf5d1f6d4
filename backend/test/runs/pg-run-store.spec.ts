// The production RunStore (PgRunStore) against the same contract suite as the CLI's MemoryRunStore, on a fresh
// migrated PostgreSQL database.
import type { RunSnapshot } from '@esy/orchestration';
import type { DataSource } from 'typeorm';
import { runStoreContract } from '@esy/orchestration/run-store-contract';
import { PgRunStore } from '../../src/engine/pg-run-store';
import { Pg } from '../../src/database/pg';
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

let lastRun: RunSnapshot;
runStoreContract('PgRunStore', async (run) => {
  await insertRun(run);
  lastRun = run;
  return new PgRunStore(Pg.fromDataSource(dataSource));
});

describe('PgRunStore prompt packets', () => {
  const agentBody = `# Research Lead\n\n${'Treat every claim as something a sceptical reader will check. '.repeat(40)}`;
  const packetFor = (gate: string) => ({
    agents: [{ agent_slug: 'research-lead', system: agentBody, user: `Gate ${gate}: short`, sections: [{ kind: 'agent', content: agentBody }] }],
  });

  it('stores each long text once however many attempts send it, and reads the packet back as it was', async () => {
    const store = new PgRunStore(Pg.fromDataSource(dataSource));
    const run = structuredClone(lastRun);
    await insertRun(run);
    const at = new Date('2026-01-01T00:00:00Z');
    for (const [gateId, gateOrder] of [['G1', 1], ['G2', 2]] as const) {
      const { attempt } = await store.createAttempt({ runId: run.id, gateId, attemptNumber: 1, gateName: gateId, phase: 'research', gateOrder, maxAttempts: 3, trigger: 'initial', status: 'pending' }, at);
      await store.claimAttempt(attempt.id, { workerId: 'w1', leaseExpiresAt: new Date(at.getTime() + 60_000), startedAt: at });
      const completion = {
        status: 'passed' as const, agentSlug: 'research-lead', modelId: 'm', modelProvider: 'simulator', promptPacket: packetFor(gateId),
        rawOutput: null, validationResults: null, failCodes: [], tokensIn: 1, tokensOut: 1, costUsd: '0.00', durationMs: 1,
        simulated: true, routing: [], completedAt: at,
      };
      expect(await store.completeAttempt(attempt.id, completion, [])).toBe(true);
    }

    const parts = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM prompt_parts');
    expect(parts[0].n).toBe(1); // the agent body, shared by both attempts and both fields
    const [stored] = await db.query<{ packet: string }>(`SELECT prompt_packet::text AS packet FROM gate_executions WHERE run_id = $1 AND gate_id = 'G2'`, [run.id]);
    expect(stored.packet).not.toContain('sceptical reader');
    expect(stored.packet).toContain('Gate G2: short'); // short texts stay inline
    expect((await store.getAttempt({ runId: run.id, gateId: 'G2', attemptNumber: 1 }))!.promptPacket).toEqual(packetFor('G2'));
  });
});
