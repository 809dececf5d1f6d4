import { randomBytes } from 'node:crypto';
import { FakeAnthropicServer, scriptedAgent } from '@esy/orchestration/test-support';
import { createRun, startRunsHarness, waitForRun, type RunsHarness } from '../runs/support';
import { createOrchestrationFixture, fixtureWorkflow, loginAdmin, registerUser, type OrchestrationFixture, type Session } from '../support';

const BRIEF = '# Brief\n\nSubject: the word "serendipity", coined by Horace Walpole in 1754.\n';

function workflow(slug: string, model: string) {
  const base = fixtureWorkflow({ workflow: slug, name: slug });
  const [gate] = base.gates as Array<Record<string, unknown>>;
  return { ...base, gates: [{ ...gate, model, max_attempts: 1 }] };
}

/**
 * Simulated is never mixed with real: a real run (Anthropic wire protocol, local fake server) and a simulated run
 * (OpenAI has no key) side by side. Analytics count the real one by default, report the simulated one apart, and
 * count both only when asked; the run says which part of its spend was simulated.
 */
describe('Real and simulated spend kept apart', () => {
  let h: RunsHarness;
  let fixture: OrchestrationFixture;
  let anthropic: FakeAnthropicServer;
  let admin: Session;
  let owner: Session;
  const runs: Record<string, any> = {};

  beforeAll(async () => {
    anthropic = await new FakeAnthropicServer().start();
    fixture = createOrchestrationFixture();
    fixture.writeWorkflow(workflow('real-brief', 'claude-haiku-3.5'));
    fixture.writeWorkflow(workflow('simulated-brief', 'gpt-4o'));
    const env = { ORCHESTRATION_DIR: fixture.dir, SIMULATION_ENABLED: 'true', CREDENTIALS_KEY: randomBytes(32).toString('base64') };
    h = await startRunsHarness({ env, workers: 1 });
    admin = await loginAdmin(h.t.http);
    owner = await registerUser(h.t.http);
    await h.t.http.put('/api/admin/providers/anthropic').set(admin.auth).send({ api_key: 'sk-ant-apart-Qm4Tz8', base_url: anthropic.baseURL }).expect(200);
    // gpt-4o (OpenAI has no key) would fall back to claude-sonnet-4 on the keyed Anthropic: take it out of the chain
    // so that run is served by the simulator.
    await h.t.http.put('/api/admin/models/claude-sonnet-4').set(admin.auth).send({ active: false }).expect(200);
    for (const slug of ['simulated-brief', 'real-brief']) {
      const { body } = await h.t.http.get(`/api/workflows/${slug}`).set(owner.auth).expect(200);
      if (slug === 'real-brief') anthropic.enqueue(...scriptedAgent([{ path: 'intake/brief.md', content: BRIEF }], { listFirst: '.', usage: { inputTokens: 1200, outputTokens: 300 } }));
      const { id } = await createRun(h.t.http, owner.auth, body.active_spec_id, { word: 'serendipity' });
      runs[slug] = (await waitForRun(h.t.http, owner.auth, id, ['completed', 'paused', 'failed'], 90_000)).run;
    }
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await anthropic?.close();
    fixture?.remove();
  }, 60_000);

  it('each run says how much of its spend was real and how much simulated', () => {
    expect(runs['real-brief']).toMatchObject({ status: 'completed', simulated: false, total_cost_usd: '0.00648', real_cost_usd: '0.00648', simulated_cost_usd: '0.00' });
    const simulated = runs['simulated-brief'];
    expect(simulated).toMatchObject({ simulated: true, real_cost_usd: '0.00' });
    expect(Number(simulated.simulated_cost_usd)).toBeGreaterThan(0);
    expect(simulated.simulated_cost_usd).toBe(simulated.total_cost_usd);
  });

  it('analytics count real work only by default, report simulated work apart, and count both with include_simulated', async () => {
    const simulatedCost = Number(runs['simulated-brief'].simulated_cost_usd);
    const real = (await h.t.http.get('/api/admin/analytics/overview').set(admin.auth).expect(200)).body;
    expect(real.include_simulated).toBe(false);
    expect(real.periods.today).toMatchObject({ cost_usd: '0.00648' });
    expect(Number(real.periods.today.simulated_cost_usd)).toBeCloseTo(simulatedCost, 9);
    expect(real.model_usage.map((m: any) => m.model_id)).toEqual(['claude-haiku-3.5']);
    expect(real.simulated.attempts).toBe(1);

    const both = (await h.t.http.get('/api/admin/analytics/overview?include_simulated=true').set(admin.auth).expect(200)).body;
    expect(Number(both.periods.today.cost_usd)).toBeCloseTo(0.00648 + simulatedCost, 9);
    expect(both.model_usage.map((m: any) => m.model_id).sort()).toEqual(['claude-haiku-3.5', 'gpt-4o']);

    const trend = (await h.t.http.get('/api/admin/analytics/cost-trend?days=7').set(admin.auth).expect(200)).body;
    expect(trend.total_cost_usd).toBe('0.00648');
    expect(trend.by_model.map((m: any) => m.model_id)).toEqual(['claude-haiku-3.5']);
    expect(Number(trend.simulated.cost_usd)).toBeCloseTo(simulatedCost, 9);
    const trendBoth = (await h.t.http.get('/api/admin/analytics/cost-trend?days=7&include_simulated=true').set(admin.auth).expect(200)).body;
    expect(Number(trendBoth.total_cost_usd)).toBeCloseTo(0.00648 + simulatedCost, 9);

    const reliability = (await h.t.http.get('/api/admin/analytics/reliability?days=7').set(admin.auth).expect(200)).body;
    expect(reliability.overall).toMatchObject({ attempts: 1, tokens_in: 3600, tokens_out: 900, cost_usd: '0.00648' });

    const models = (await h.t.http.get('/api/admin/models').set(admin.auth).expect(200)).body.models;
    const gpt = models.find((m: any) => m.id === 'gpt-4o');
    expect(gpt.usage_this_month.attempts).toBe(0);
    expect(gpt.simulated_usage_this_month.attempts).toBe(1);
  });

  it('rejects an include_simulated that is not true or false, naming the field', async () => {
    const { body } = await h.t.http.get('/api/admin/analytics/overview?include_simulated=maybe').set(admin.auth).expect(400);
    expect(JSON.stringify(body)).toContain('include_simulated');
  });
});
