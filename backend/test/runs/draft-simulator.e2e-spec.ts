import { randomBytes } from 'node:crypto';
import { FakeAnthropicServer } from '@esy/orchestration/test-support';
import { loginAdmin, type Session } from '../support';
import { startRunsHarness, waitFor, type RunsHarness } from './support';

const DRAFT = {
  version: '1.0.0',
  intent_schema: [{ key: 'topic', label: 'Topic', type: 'string', required: true }],
  // A model whose provider has credentials here: without the simulator choice it would be called for real.
  stages: [{ gate: 'G1', name: 'Intake Approval', phase: 'intake', agent: 'intake-orchestrator', model: 'claude-haiku-3.5', max_attempts: 1, estimates: { input_tokens: 1000, output_tokens: 500 } }],
};

/**
 * A creator tries a draft on the simulator even when real providers are configured: nothing reaches the provider,
 * nothing real is spent, and the run says it was simulated. Without that choice the keyed provider serves it.
 */
describe('Draft test runs on the simulator', () => {
  let h: RunsHarness;
  let anthropic: FakeAnthropicServer;
  let admin: Session;
  let templateId: string;

  beforeAll(async () => {
    anthropic = await new FakeAnthropicServer().start();
    h = await startRunsHarness({ env: { SIMULATION_ENABLED: 'true', CREDENTIALS_KEY: randomBytes(32).toString('base64') } });
    admin = await loginAdmin(h.t.http);
    await h.t.http.put('/api/admin/providers/anthropic').set(admin.auth).send({ api_key: 'sk-ant-draft-Zq81', base_url: anthropic.baseURL }).expect(200);
    const slug = `sim-draft-${Date.now().toString(36)}`;
    templateId = (await h.t.http.post('/api/admin/templates').set(admin.auth).send({ slug, name: 'Simulated draft', type: 'research' }).expect(201)).body.id;
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await anthropic?.close();
  }, 60_000);

  async function finished(runId: string): Promise<any> {
    return waitFor(
      'the draft run to end',
      async () => {
        const { body } = await h.t.http.get(`/api/admin/runs/${runId}`).set(admin.auth).expect(200);
        return ['completed', 'paused', 'failed'].includes(body.run.status) ? body : undefined;
      },
      120_000,
      250,
    );
  }

  it('serves every call from the simulator when asked, even though the chosen model’s provider has a key', async () => {
    const bad = await h.t.http.post(`/api/admin/templates/${templateId}/draft-runs`).set(admin.auth).send({ draft: DRAFT, intent: { topic: 'tides' }, simulator: 'yes' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('simulator');

    const created = await h.t.http
      .post(`/api/admin/templates/${templateId}/draft-runs`)
      .set(admin.auth)
      .send({ draft: DRAFT, intent: { topic: 'tides' }, simulator: true })
      .expect(201);
    const detail = await finished(created.body.run_id);
    expect(detail.run).toMatchObject({ status: 'completed', draft: true, simulated: true, real_cost_usd: '0.00' });
    expect(anthropic.requests).toHaveLength(0);
    const audit = (await h.t.http.get('/api/admin/audit').set(admin.auth).query({ action: 'template.draft_run_started' }).expect(200)).body;
    expect(JSON.stringify(audit)).toContain('"simulator":true');
  }, 180_000);

  it('without the choice, the keyed provider is called for the same draft', async () => {
    const created = await h.t.http.post(`/api/admin/templates/${templateId}/draft-runs`).set(admin.auth).send({ draft: DRAFT, intent: { topic: 'tides' } }).expect(201);
    await waitFor('a call to the real provider', async () => anthropic.requests.length > 0, 60_000, 200);
    const detail = await finished(created.body.run_id);
    expect(detail.run.simulated).toBe(false);
  }, 180_000);
});
