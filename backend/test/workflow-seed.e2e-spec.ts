import { Logger } from '@nestjs/common';
import { parseWorkflow } from '@esy/orchestration';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowsSeeder, workflowVersionHash } from '../src/workflows/workflows.seeder';
import { createOrchestrationFixture, fixtureWorkflow, startTestApp, type OrchestrationFixture, type TestApp } from './support';

describe('workflow seed from orchestration/workflows', () => {
  let fixture: OrchestrationFixture;
  let t: TestApp;

  beforeAll(async () => {
    fixture = createOrchestrationFixture();
    t = await startTestApp({ env: { ORCHESTRATION_DIR: fixture.dir } });
  });
  afterAll(async () => {
    await t?.close();
    fixture?.remove();
  });

  const specs = () =>
    t.db.query<{ id: string; version: string; version_hash: string }>(
      `SELECT s.id, s.version, s.version_hash FROM specs s JOIN workflow_templates t ON t.id = s.template_id
        WHERE t.slug = 'demo-essay' ORDER BY s.created_at`,
    );
  const template = async () => (await t.db.query(`SELECT * FROM workflow_templates WHERE slug = 'demo-essay'`))[0];

  it('creates the template and its spec at start-up, hashed over the canonical JSON', async () => {
    const [spec] = await specs();
    const file = readFileSync(join(fixture.dir, 'workflows/demo-essay.json'), 'utf8');
    expect(spec).toMatchObject({ version: '1.0.0', version_hash: workflowVersionHash(parseWorkflow(file, 'demo-essay.json')) });
    expect(spec.version_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await template()).toMatchObject({
      name: 'Demo Essay',
      type: 'visual-essay',
      depth: 'quick',
      step_count: 1,
      featured: true,
      tags: ['demo'],
      active_spec_id: spec.id,
    });
    const [row] = await t.db.query<{ stages: Array<Record<string, unknown>>; cost_profile: unknown }>(`SELECT stages, intent_schema, cost_profile FROM specs WHERE id = $1`, [spec.id]);
    expect(row.stages[0]).toMatchObject({ gate: 'G1', agent: 'intake-orchestrator' });
    expect(row.cost_profile).toEqual({ budget_usd: '1.00' });
  });

  it('the hash ignores key order: the same document reformatted is unchanged', async () => {
    const reordered = Object.fromEntries(Object.entries(fixtureWorkflow()).reverse());
    fixture.writeWorkflow(reordered);
    expect((await t.app.get(WorkflowsSeeder).seed()).workflows['demo-essay']).toBe('unchanged');
    expect(await specs()).toHaveLength(1);
  });

  it('a changed file with the same version is refused with a clear error; nothing changes', async () => {
    const before = await specs();
    fixture.writeWorkflow(fixtureWorkflow({ description: 'Edited without a version bump.' }));
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect((await t.app.get(WorkflowsSeeder).seed()).workflows['demo-essay']).toBe('conflict');
      const messages = error.mock.calls.map(([message]) => String(message));
      expect(messages).toEqual([expect.stringMatching(/workflows\/demo-essay\.json: version 1\.0\.0 .*bump "version"/)]);
    } finally {
      error.mockRestore();
    }
    expect(await specs()).toEqual(before);
    expect((await template()).description).toBe('A one-gate workflow for tests.');
  });

  it('a new version becomes a new immutable spec and the active one', async () => {
    fixture.writeWorkflow(fixtureWorkflow({ version: '1.1.0', name: 'Demo Essay II', description: 'Edited with a bump.' }));
    expect((await t.app.get(WorkflowsSeeder).seed()).workflows['demo-essay']).toBe('new-version');
    const all = await specs();
    expect(all.map((s) => s.version)).toEqual(['1.0.0', '1.1.0']);
    expect(await template()).toMatchObject({ name: 'Demo Essay II', active_spec_id: all[1].id });
  });

  it('broken content is reported naming the file and field; nothing is seeded, the API keeps running', async () => {
    fixture.writeWorkflow({ ...fixtureWorkflow({ version: '2.0.0' }), type: 'podcast' });
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const report = await t.app.get(WorkflowsSeeder).seed();
      expect(report.contentError).toMatch(/workflows\/demo-essay\.json.*type/s);
    } finally {
      error.mockRestore();
    }
    expect(await specs()).toHaveLength(2);
    await t.http.get('/api/health').expect(200);
  });
});
