import { randomBytes } from 'node:crypto';
import { fault, FakeAnthropicServer, FakeOpenAIServer, scriptedAgent } from '@esy/orchestration/test-support';
import { createRun, startRunsHarness, waitForRun, type RunsHarness } from '../runs/support';
import { createOrchestrationFixture, fixtureWorkflow, loginAdmin, registerUser, type OrchestrationFixture, type Session } from '../support';

const ANTHROPIC_KEY = 'sk-ant-run-test-Vb7Nq2Lx9Ke4';
const OPENAI_KEY = 'sk-openai-run-test-Rt5Ym8Pw3Ud6';
const BRIEF = '# Brief\n\nSubject: the word "serendipity", its coinage by Horace Walpole in 1754 and how its meaning drifted.\n';

/** One-gate workflows pinned to a model, one attempt each so that a failure shows at once. */
function workflow(slug: string, model: string, extra: Record<string, unknown> = {}) {
  const base = fixtureWorkflow({ workflow: slug, name: slug });
  const [gate] = base.gates as Array<Record<string, unknown>>;
  return { ...base, gates: [{ ...gate, model, max_attempts: 1, ...extra }] };
}

interface AttemptRow {
  id: string;
  status: string;
  model_id: string;
  model_provider: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string;
  simulated: boolean;
  fail_codes: string[];
  prompt_packet: unknown;
  raw_output: unknown;
  routing: unknown;
  status_reason: string | null;
  validation_results: unknown;
}

describe('Runs on real provider protocols (fake servers, real SDKs) configured through the admin API, attempts in a worker process', () => {
  let h: RunsHarness;
  let fixture: OrchestrationFixture;
  let anthropic: FakeAnthropicServer;
  let openai: FakeOpenAIServer;
  let admin: Session;
  let owner: Session;
  const specs: Record<string, string> = {};

  const attempts = async (runId: string) =>
    h.db.query<AttemptRow>(
      `SELECT id, status, model_id, model_provider, tokens_in, tokens_out, cost_usd::text, simulated, fail_codes, prompt_packet, raw_output, routing,
         status_reason, validation_results
       FROM gate_executions WHERE run_id = $1 ORDER BY gate_order, attempt_number`,
      [runId],
    );
  const run = async (slug: string) => {
    const { id } = await createRun(h.t.http, owner.auth, specs[slug], { word: 'serendipity' });
    const detail = await waitForRun(h.t.http, owner.auth, id, ['completed', 'paused', 'failed'], 90_000);
    return { id, detail, attempts: await attempts(id) };
  };

  beforeAll(async () => {
    [anthropic, openai] = await Promise.all([new FakeAnthropicServer().start(), new FakeOpenAIServer().start()]);
    fixture = createOrchestrationFixture();
    fixture.writeWorkflow(workflow('claude-brief', 'claude-haiku-3.5'));
    fixture.writeWorkflow(workflow('gpt-brief', 'gpt-4o-mini'));
    fixture.writeWorkflow(workflow('slow-brief', 'claude-haiku-3.5', { timeout_s: 2 }));
    // Attempts run in a separate worker process (as in production): it must find the keys stored through the API
    // in the database, and its log output (level info) is checked for them at the end.
    // One CREDENTIALS_KEY for both processes (tests otherwise generate one per process).
    const env = { ORCHESTRATION_DIR: fixture.dir, SIMULATION_ENABLED: 'false', CREDENTIALS_KEY: randomBytes(32).toString('base64') };
    h = await startRunsHarness({ env, workers: 1 });
    admin = await loginAdmin(h.t.http);
    owner = await registerUser(h.t.http);
    for (const slug of ['claude-brief', 'gpt-brief', 'slow-brief']) {
      const { body } = await h.t.http.get(`/api/workflows/${slug}`).set(owner.auth).expect(200);
      specs[slug] = body.active_spec_id;
    }
    await h.t.http.put('/api/admin/providers/anthropic').set(admin.auth).send({ api_key: ANTHROPIC_KEY, base_url: anthropic.baseURL }).expect(200);
    await h.t.http.put('/api/admin/providers/openai').set(admin.auth).send({ api_key: OPENAI_KEY, base_url: openai.baseURL }).expect(200);
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await Promise.all([anthropic?.close(), openai?.close()]);
    fixture?.remove();
  }, 60_000);
  beforeEach(() => {
    anthropic.reset();
    openai.reset();
  });

  it('completes a run on Anthropic: files written through tool calls, packets and raw output stored, tokens and cost exact', async () => {
    anthropic.enqueue(...scriptedAgent([{ path: 'intake/brief.md', content: BRIEF }], { listFirst: '.', usage: { inputTokens: 1200, outputTokens: 300 } }));
    const { id, detail, attempts: rows } = await run('claude-brief');
    expect(detail.run).toMatchObject({ status: 'completed', simulated: false, tokens_in: 3600, tokens_out: 900 });
    expect(rows).toHaveLength(1);
    const [attempt] = rows;
    expect(attempt).toMatchObject({ status: 'passed', model_id: 'claude-haiku-3.5', model_provider: 'anthropic', simulated: false, tokens_in: 3600, tokens_out: 900 });
    // 3600 / 1000 × 0.0008 + 900 / 1000 × 0.004 = 0.00288 + 0.0036
    expect(attempt.cost_usd).toBe('0.006480000');
    expect(detail.run.total_cost_usd).toBe('0.00648');
    expect(attempt.prompt_packet).toBeTruthy();
    expect(JSON.stringify(attempt.raw_output)).toContain('write_file');
    expect(anthropic.requests).toHaveLength(3);
    expect(anthropic.requests[0].body.model).toBe('claude-3-5-haiku-20241022');
    expect(anthropic.requests[0].body.tools.map((tool: any) => tool.name)).toEqual(expect.arrayContaining(['list_directory', 'read_file', 'write_file']));

    const { body: artifacts } = await h.t.http.get(`/api/runs/${id}/artifacts`).set(owner.auth).expect(200);
    const brief = artifacts.artifacts.find((a: any) => a.file_path === 'intake/brief.md');
    expect(brief).toBeDefined();
    const { body: file } = await h.t.http.get(`/api/artifacts/${brief.id}`).set(owner.auth).expect(200);
    expect(file.content).toBe(BRIEF);

    // The key reached the provider but no run record, API answer or export carries it.
    const record = await h.t.http.get(`/api/admin/runs/${id}`).set(admin.auth).expect(200);
    const exported = await h.t.http.get(`/api/admin/runs/${id}/export`).set(admin.auth).expect(200);
    for (const body of [JSON.stringify(record.body), exported.text, JSON.stringify(rows), JSON.stringify(detail)]) {
      expect(body).not.toContain(ANTHROPIC_KEY);
      expect(body).not.toContain(OPENAI_KEY);
    }
  });

  it('completes a run on the OpenAI protocol at the configured base URL', async () => {
    openai.enqueue(...scriptedAgent([{ path: 'intake/brief.md', content: BRIEF }], { usage: { inputTokens: 1000, outputTokens: 250 } }));
    const { detail, attempts: rows } = await run('gpt-brief');
    expect(detail.run).toMatchObject({ status: 'completed', simulated: false, tokens_in: 2000, tokens_out: 500 });
    expect(rows[0]).toMatchObject({ status: 'passed', model_id: 'gpt-4o-mini', model_provider: 'openai', simulated: false });
    // 2000 / 1000 × 0.0003 + 500 / 1000 × 0.0012 = 0.0006 + 0.0006
    expect(rows[0].cost_usd).toBe('0.001200000');
    expect(openai.requests[0].headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(openai.requests[0].body.tools.map((tool: any) => tool.function.name)).toContain('write_file');
  });

  it('429 then success: one attempt, its retry recorded with the provider’s retry-after', async () => {
    anthropic.enqueue(fault.rateLimited('1'), ...scriptedAgent([{ path: 'intake/brief.md', content: BRIEF }], { usage: { inputTokens: 100, outputTokens: 50 } }));
    const { attempts: rows } = await run('claude-brief');
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('passed');
    const retries = (JSON.stringify(rows[0].routing).match(/"type":"retry"/g) ?? []).length;
    expect(retries).toBe(1);
    expect(JSON.stringify(rows[0].routing)).toMatch(/"retryAfterMs":1000/);
    // Only the successful calls are billed: 2 × 100 in, 2 × 50 out.
    expect(rows[0]).toMatchObject({ tokens_in: 200, tokens_out: 100 });
  });

  it('provider down: the fallback model serves and the fallback is recorded; cost priced on the model that served', async () => {
    anthropic.always(fault.serverError(503, 'upstream unavailable'));
    openai.enqueue(...scriptedAgent([{ path: 'intake/brief.md', content: BRIEF }], { usage: { inputTokens: 1000, outputTokens: 1000 } }));
    const { detail, attempts: rows } = await run('claude-brief');
    anthropic.always(undefined);
    expect(detail.run.status).toBe('completed');
    const routing = JSON.stringify(rows[0].routing);
    expect(routing).toMatch(/"type":"fallback"/);
    expect(routing).toContain('gpt-4o-mini');
    expect(openai.requests.length).toBeGreaterThan(0);
    // 2000 in × 0.0003 + 2000 out × 0.0012 per 1K = 0.0006 + 0.0024 (gpt-4o-mini prices, not haiku's)
    expect(rows[0].cost_usd).toBe('0.003000000');
  }, 60_000);

  it('time-out: the attempt fails with TIMEOUT and nothing crashes', async () => {
    anthropic.always(fault.hang());
    openai.always(fault.hang());
    const { detail, attempts: rows } = await run('slow-brief');
    anthropic.always(undefined);
    openai.always(undefined);
    expect(['paused', 'failed']).toContain(detail.run.status);
    expect(rows[0].status).toBe('failed');
    expect(rows[0].fail_codes).toContain('TIMEOUT');
  }, 60_000);

  it('malformed reply: MODEL_ERROR with the provider’s message', async () => {
    anthropic.enqueue(fault.malformed());
    const { detail, attempts: rows } = await run('claude-brief');
    expect(['paused', 'failed']).toContain(detail.run.status);
    expect(rows[0].status).toBe('failed');
    expect(rows[0].fail_codes).toContain('MODEL_ERROR');
    // The provider's own complaint is kept on the attempt for the operator.
    const record = JSON.stringify([rows[0].status_reason, rows[0].validation_results, rows[0].routing, rows[0].raw_output]);
    expect(record).toMatch(/anthropic/i);
    expect(record).toMatch(/malformed|JSON|Unexpected|parse/i);
    // The service still answers.
    await h.t.http.get('/api/health').expect(200);
  });

  it('without usable credentials the simulator serves only once simulation is switched on, and says so', async () => {
    await h.t.http.put('/api/admin/providers/anthropic').set(admin.auth).send({ enabled: false }).expect(200);
    await h.t.http.put('/api/admin/providers/openai').set(admin.auth).send({ enabled: false }).expect(200);
    // Other processes notice changed settings within 5 s.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const refused = await run('claude-brief');
    expect(refused.attempts[0]).toMatchObject({ status: 'failed', simulated: false });
    expect(refused.attempts[0].fail_codes).toContain('MODEL_ERROR');
    expect(JSON.stringify(refused.attempts[0])).toMatch(/disabled|no credentials/);

    await h.t.http.put('/api/admin/settings').set(admin.auth).send({ simulation_enabled: true }).expect(200);
    const { body: providers } = await h.t.http.get('/api/admin/providers').set(admin.auth).expect(200);
    expect(providers.simulation_enabled).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const simulated = await run('claude-brief');
    expect(simulated.detail.run).toMatchObject({ status: 'completed', simulated: true });
    expect(simulated.attempts[0]).toMatchObject({ status: 'passed', simulated: true });
    expect(anthropic.requests).toHaveLength(0);
    expect(openai.requests).toHaveLength(0);
  }, 90_000);

  it('no log line of the worker carries a key', () => {
    const output = h.workers[0].output();
    expect(output).toMatch(/gate-attempts/);
    expect(output).not.toContain(ANTHROPIC_KEY);
    expect(output).not.toContain(OPENAI_KEY);
  });

  it('per-run totals equal the sum of the attempts, to the cent and exactly', async () => {
    const sums = await h.db.query<{ id: string; total: string; attempts_sum: string }>(
      `SELECT r.id, r.total_cost_usd::text AS total, coalesce(sum(g.cost_usd), 0)::text AS attempts_sum
       FROM runs r LEFT JOIN gate_executions g ON g.run_id = r.id GROUP BY r.id`,
    );
    expect(sums.length).toBeGreaterThanOrEqual(5);
    for (const row of sums) expect(row.total).toBe(row.attempts_sum);
  });
});
