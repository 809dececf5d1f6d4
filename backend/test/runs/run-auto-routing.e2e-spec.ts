import { Pg } from '../../src/database/pg';
import { RoutingEvidenceRepository } from '../../src/engine/routing-evidence.repository';
import { loginAdmin, registerUser, type Session } from '../support';
import { createRun, startRunsHarness, waitForRun, type RunsHarness } from './support';

/**
 * A run in `auto` routing through the API and a worker process: evidence from experiments makes a cheap model
 * trusted at G3 and G6; the simulator's hidden quality profile makes that model fail G6. Every attempt's routing
 * record says why its model was chosen, and G6's failure is retried on the stage's static model.
 */
describe('Runs: auto routing', () => {
  let h: RunsHarness;
  let admin: Session;
  let user: Session;
  let specId: string;

  beforeAll(async () => {
    h = await startRunsHarness({ env: { ESY_SIMULATOR_MODEL_PROFILES: 'gpt-4o-mini@G6=0' } });
    admin = await loginAdmin(h.t.http);
    user = await registerUser(h.t.http);
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  /** `count` passing simulated experiment candidates of `modelId` at `gateId`. */
  async function experimentEvidence(baseSpecId: string, gateId: string, modelId: string, count: number): Promise<void> {
    const [experiment] = await h.db.query<{ id: string }>(
      `INSERT INTO experiments (name, spec_id, gate_id, model_ids, status) VALUES ($1, $2, $3, $4, 'completed') RETURNING id`,
      [`evidence ${gateId}`, baseSpecId, gateId, [modelId]],
    );
    await h.db.query(
      `INSERT INTO experiment_results (experiment_id, model_id, repeat_index, status, passed, tokens_in, tokens_out, cost_usd, duration_ms, attempt_record, completed_at)
       SELECT $1, $2, i, 'passed', true, 4000, 1000, 0.0024, 900, '{"simulated": true}'::jsonb, now() - (i || ' seconds')::interval FROM generate_series(1, $3) AS i`,
      [experiment.id, modelId, count],
    );
  }

  it('switches a template to auto routing with a new spec version, and refuses a bad routing mode by field', async () => {
    const { body: workflow } = await h.t.http.get('/api/workflows/etymology-essay').set(user.auth).expect(200);
    const { body: template } = await h.t.http.get(`/api/admin/templates/${workflow.id}`).set(admin.auth).expect(200);
    const stages = template.active_spec.stages.map((stage: Record<string, unknown>) => ({ ...stage, routing: { mode: 'auto', exploration: 0 } }));
    const bad = await h.t.http
      .post('/api/admin/specs')
      .set(admin.auth)
      .send({ template_id: template.id, version: '9.0.0', intent_schema: template.active_spec.intent_schema, stages: stages.map((s: object, i: number) => (i === 0 ? { ...s, routing: { mode: 'clever' } } : s)) })
      .expect(400);
    expect(bad.body.details).toEqual([{ field: 'stages[0].routing.mode', message: expect.stringContaining('auto') }]);

    await experimentEvidence(template.active_spec.id, 'G3', 'claude-haiku-3.5', 40);
    await experimentEvidence(template.active_spec.id, 'G6', 'gpt-4o-mini', 40);
    const { body: spec } = await h.t.http
      .post('/api/admin/specs')
      .set(admin.auth)
      .send({ template_id: template.id, version: '9.0.0', intent_schema: template.active_spec.intent_schema, stages, qa_config: { max_attempts: 2 } })
      .expect(201);
    expect(spec.stages.every((s: { routing?: { mode: string } }) => s.routing?.mode === 'auto')).toBe(true);
    specId = spec.id;
  });

  it('runs in auto mode: every attempt explains its model; a failed cheap choice retries on the static model', async () => {
    const { id } = await createRun(h.t.http, user.auth, specId);
    const done = await waitForRun(h.t.http, user.auth, id, ['completed', 'paused', 'failed'], 90_000);
    expect(done.run.status).toBe('completed');
    const { body: record } = await h.t.http.get(`/api/admin/runs/${id}`).set(admin.auth).expect(200);
    const attempts = record.attempts as Array<{ gate_id: string; attempt_number: number; status: string; model_id: string; routing: Array<Record<string, any>> }>;

    for (const attempt of attempts.filter((a) => a.attempt_number === 1)) {
      expect({ gate: attempt.gate_id, rule: attempt.routing[0].rule }).toEqual({ gate: attempt.gate_id, rule: 'auto' });
      expect(attempt.routing[0].auto.reason).toEqual(expect.stringContaining(attempt.model_id));
      expect(attempt.routing[0].auto.candidates.length).toBeGreaterThan(3);
    }
    const g3 = attempts.find((a) => a.gate_id === 'G3')!;
    expect(g3).toMatchObject({ model_id: 'claude-haiku-3.5', status: 'passed' });
    expect(g3.routing[0].auto).toMatchObject({ kind: 'exploit' });
    expect(g3.routing[0].auto.reason).toMatch(/lowest expected cost of passing G3 .*\(lower bound 9\d\.\d %, 40 trials/);
    // Nothing is proven at G1 yet: the stage's static model, and the record says so.
    const g1 = attempts.find((a) => a.gate_id === 'G1')!;
    expect(g1.routing[0].auto.kind).toBe('static_fallback');

    const g6 = attempts.filter((a) => a.gate_id === 'G6').map((a) => `${a.attempt_number}:${a.status}:${a.model_id}`);
    expect(g6[0]).toBe('1:failed:gpt-4o-mini');
    expect(g6[1]).toMatch(/^2:passed:(?!gpt-4o-mini)/);
    const retry = attempts.find((a) => a.gate_id === 'G6' && a.attempt_number === 2)!;
    expect(retry.routing[0].note).toContain("auto routing not applied: a retry runs on the stage's static model");
  });

  it('recommends the cheaper proven model per stage with its saving and evidence, and applies it as a new spec version', async () => {
    await h.t.http.get('/api/admin/routing/recommendations').set(user.auth).expect(403);
    const { body } = await h.t.http.get('/api/admin/routing/recommendations').set(admin.auth).expect(200);
    const essay = body.templates.find((t: { slug: string }) => t.slug === 'etymology-essay');
    expect(essay).toMatchObject({ spec_id: specId, runs_last_30_days: 1, source_run_id: expect.any(String) });
    const g3 = essay.stages.find((s: { gate: string }) => s.gate === 'G3');
    expect(g3).toMatchObject({ routing_mode: 'auto', evidence_kind: 'simulated', recommended: { model_id: 'claude-haiku-3.5', samples: 41 }, confidence: 'high' });
    expect(g3.current.model_id).not.toBe('claude-haiku-3.5');
    expect(g3.saving_per_run_usd).toBeGreaterThan(0);
    expect(g3.saving_per_month_usd).toBeCloseTo(g3.saving_per_run_usd, 6);
    expect(g3.recommended.lower_bound).toBeGreaterThanOrEqual(0.9);
    // G1 has no evidence for anything cheaper: keep the current model.
    expect(essay.stages.find((s: { gate: string }) => s.gate === 'G1')).toMatchObject({ recommended: null, confidence: 'none', reason: expect.stringContaining('Keep') });
    expect(essay.cost_trend).toEqual([expect.objectContaining({ runs: 1, completed: 1, cost_per_successful_run_usd: expect.any(Number) })]);

    const bad = await h.t.http.post('/api/admin/routing/recommendations/apply').set(admin.auth).send({ template_id: essay.template_id, gate: 'G42', model_id: 'claude-haiku-3.5' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'gate', message: expect.stringContaining('no stage "G42"') }]);
    const { body: applied } = await h.t.http
      .post('/api/admin/routing/recommendations/apply')
      .set(admin.auth)
      .send({ template_id: essay.template_id, gate: 'G3', model_id: 'claude-haiku-3.5' })
      .expect(201);
    expect(applied).toMatchObject({ version: '9.0.1', gate: 'G3', model_id: 'claude-haiku-3.5' });
    const { body: workflow } = await h.t.http.get('/api/workflows/etymology-essay').set(user.auth).expect(200);
    expect(workflow.active_spec_id).toBe(applied.spec_id);
    const stage = workflow.active_spec.stages.find((s: { gate: string }) => s.gate === 'G3');
    expect(stage.model).toBe('claude-haiku-3.5');
    expect(stage.routing).toBeUndefined();
  });

  it('sets aside a model\'s evidence from before a change seen across its gates (PostgreSQL path)', async () => {
    // 40 runs' worth of passing first attempts of gemini-2.5-flash at five gates, then a regression: the newest
    // three runs fail at most gates. Rows are copies of a real first attempt with gate, model, outcome and time changed.
    const gates = ['G1', 'G2', 'G4', 'G7', 'G8'];
    const [source] = await h.db.query<{ id: string; run_id: string }>(`SELECT id, run_id FROM gate_executions WHERE attempt_number = 1 AND status = 'passed' LIMIT 1`);
    let ago = 10_000;
    const copyRun = async (n: number, failing: boolean) => {
      const [run] = await h.db.query<{ id: string }>(
        `INSERT INTO runs (spec_id, template_id, user_id, intent, project_slug, display_name, status)
         SELECT spec_id, template_id, user_id, intent, project_slug || '-history-' || $2, display_name, 'completed' FROM runs WHERE id = $1 RETURNING id`,
        [source.run_id, n],
      );
      for (const gate of gates) {
        const passed = !failing || gate === 'G1';
        await h.db.query(
          `INSERT INTO gate_executions (run_id, gate_id, gate_name, phase, gate_order, attempt_number, status, model_id, simulated, tokens_in, tokens_out, cost_usd, duration_ms, fail_codes, started_at, completed_at, created_at)
           SELECT $2, $3, gate_name, phase, gate_order, 1, $4, 'gemini-2.5-flash', true, tokens_in, tokens_out, cost_usd, duration_ms, '{}', now() - ($5 || ' seconds')::interval, now() - ($5 || ' seconds')::interval, now() - ($5 || ' seconds')::interval
             FROM gate_executions WHERE id = $1`,
          [source.id, run.id, gate, passed ? 'passed' : 'failed', ago--],
        );
      }
    };
    for (let n = 0; n < 40; n++) await copyRun(n, false);
    for (let n = 40; n < 43; n++) await copyRun(n, true);

    const dataSource = await h.db.connect();
    try {
      const evidence = await new RoutingEvidenceRepository(Pg.fromDataSource(dataSource)).evidence(['G8']);
      const flash = evidence.find((e) => e.modelId === 'gemini-2.5-flash' && e.simulated)!;
      // Judged on the three runs since the change (two of them failures at G8), not on the 43 trials before.
      expect(flash.shift).toMatchObject({ failures: expect.any(Number), trials: expect.any(Number) });
      expect(flash.shift!.failures).toBeGreaterThanOrEqual(4);
      expect(flash.samples).toBeLessThanOrEqual(3);
      expect(flash.lowerBound).toBeLessThan(0.9);
    } finally {
      await dataSource.destroy();
    }
  });
});
