// The production RunStore (PgRunStore) against the same contract suite as the CLI's MemoryRunStore, on a fresh
// migrated PostgreSQL database.
import type { RunSnapshot } from '@esy/orchestration';
import type { DataSource } from 'typeorm';
import { runStoreContract } from '@esy/orchestration/run-store-contract';
import { PgRunStore } from '../../src/engine/pg-run-store';
import { Pg } from '../../src/database/pg';
import { FileContentCache } from '../../src/engine/file-content-cache';
import { PostgresWorkspaceProvider } from '../../src/engine/postgres-workspace';
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

describe('PostgresWorkspaceProvider file contents', () => {
  /** A Pg that counts the statements it sends and the text bytes they bring back. */
  const countingPg = () => {
    const pg = Pg.fromDataSource(dataSource);
    const seen = { statements: 0, contentChars: 0 };
    const query = pg.query.bind(pg);
    pg.query = (async (statement: Parameters<Pg['query']>[0], values?: unknown[]) => {
      seen.statements++;
      const result = await query(statement, values);
      for (const row of result.rows) if (typeof row.content === 'string') seen.contentChars += row.content.length;
      return result;
    }) as Pg['query'];
    return { pg, seen };
  };

  it('loads contents this process already holds from its content-addressed cache, and a changed file afresh', async () => {
    const run = { ...structuredClone(lastRun), id: '00000000-0000-4000-8000-0000000000c1' };
    await insertRun(run);
    const body = `# Sources\n\n${'1. A real source\n'.repeat(200)}`;
    const one = countingPg();
    const worker = new PostgresWorkspaceProvider(one.pg);
    const first = await worker.forRun(run.id);
    await first.writeFile('research/sources.md', body);
    await first.writeFile('notes.md', 'short\n');
    await first.flush();

    // The same worker's next attempt: the index only, no contents on the wire.
    one.seen.statements = 0;
    const again = await worker.forRun(run.id);
    expect(await again.readFile('research/sources.md')).toBe(body);
    expect(one.seen).toEqual({ statements: 1, contentChars: 0 });

    // Another worker (an empty cache) fetches the contents it lacks, once.
    const two = countingPg();
    const other = new PostgresWorkspaceProvider(two.pg);
    expect(await (await other.forRun(run.id)).readFile('notes.md')).toBe('short\n');
    expect(two.seen.statements).toBe(2);
    expect(two.seen.contentChars).toBe(body.length + 'short\n'.length);
    two.seen.statements = two.seen.contentChars = 0;
    await other.forRun(run.id);
    expect(two.seen).toEqual({ statements: 1, contentChars: 0 });

    // A file changed by that other worker: its new hash is unknown here, so only it travels.
    const changed = await other.forRun(run.id);
    await changed.writeFile('notes.md', 'revised\n');
    await changed.flush();
    one.seen.statements = one.seen.contentChars = 0;
    const later = await worker.forRun(run.id);
    expect(await later.readFile('notes.md')).toBe('revised\n');
    expect(await later.readFile('research/sources.md')).toBe(body);
    expect(one.seen).toEqual({ statements: 2, contentChars: 'revised\n'.length });
  });

  it('keeps identical contents once and evicts the least recently used past its bound', () => {
    const cache = new FileContentCache(80);
    cache.add('a', 'x'.repeat(10));
    cache.add('a', 'x'.repeat(10));
    cache.add('b', 'y'.repeat(10));
    expect(cache.size).toBe(2);
    cache.add('huge', 'z'.repeat(11)); // over an eighth of the bound: not kept
    expect(cache.get('huge')).toBeUndefined();
    for (const key of ['c', 'd', 'e', 'f', 'g', 'h']) cache.add(key, 'w'.repeat(10)); // 80 characters: full
    expect(cache.get('a')).toBe('x'.repeat(10)); // used: now the most recent
    cache.add('i', 'v'.repeat(10)); // over the bound: the least recently used ('b') goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
  });
});

