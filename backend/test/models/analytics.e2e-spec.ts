import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from '../support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A hand-computed fixture (prices from the seeded catalogue):
 *   run A (now, completed):   G1#1 passed  claude-sonnet-4 1000/500 tokens  → 0.003 + 0.0075 = 0.0105
 *                             G2#1 failed  gpt-4o 2000/1000 [VALIDATION_FAILED, MISSING_ARTIFACT] → 0.01 + 0.015 = 0.025
 *                             G2#2 warning gpt-4o 1000/1000 → 0.005 + 0.015 = 0.02
 *                             G3#1 running → passed gpt-4o-mini, cost 0.5 (an UPDATE, as the engine records it)
 *   run B (3 days ago, failed): G1#1 failed claude-sonnet-4 [TIMEOUT] cost 0.000123456; G1#2 failed [VALIDATION_FAILED] cost 0
 *   run C (40 days ago, completed): G1#1 passed gpt-4o cost 1.000000001 — outside every 30-day window
 */
describe('Admin analytics', () => {
  let t: TestApp;
  let admin: Session;
  let user: Session;
  let templateId: string;
  const now = new Date();
  const runA = new Date(now.getTime() - 60_000);
  const runB = new Date(now.getTime() - 3 * DAY);
  const runC = new Date(now.getTime() - 40 * DAY);
  const todayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const inMonth = (d: Date) => d >= monthStart;
  const day = (d: Date) => d.toISOString().slice(0, 10);

  async function insertRun(createdAt: Date, status: string, total: string): Promise<string> {
    const [spec] = await t.db.query<{ id: string; template_id: string }>(`SELECT id, template_id FROM specs WHERE template_id = $1 LIMIT 1`, [templateId]);
    const [row] = await t.db.query<{ id: string }>(
      `INSERT INTO runs (spec_id, template_id, user_id, intent, project_slug, display_name, status, total_cost_usd, created_at)
       VALUES ($1, $2, $3, '{}', 'p', 'P', $4, $5, $6) RETURNING id`,
      [spec.id, spec.template_id, user.userId, status, total, createdAt],
    );
    return row.id;
  }

  async function insertAttempt(runId: string, at: Date, gate: string, order: number, attempt: number, status: string, model: string, tokensIn: number, tokensOut: number, cost: string, codes: string[] = []) {
    const [row] = await t.db.query<{ id: string }>(
      `INSERT INTO gate_executions (run_id, gate_id, gate_name, phase, gate_order, attempt_number, status, model_id, tokens_in, tokens_out, cost_usd, fail_codes, created_at)
       VALUES ($1, $2, $3, 'research', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [runId, gate, `Gate ${gate}`, order, attempt, status, model, tokensIn, tokensOut, cost, codes, at],
    );
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    user = await registerUser(t.http);
    [{ id: templateId }] = await t.db.query<{ id: string }>(`SELECT template_id AS id FROM specs ORDER BY created_at LIMIT 1`);
    const a = await insertRun(runA, 'completed', '0.5555');
    await insertAttempt(a, runA, 'G1', 1, 1, 'passed', 'claude-sonnet-4', 1000, 500, '0.0105');
    await insertAttempt(a, runA, 'G2', 2, 1, 'failed', 'gpt-4o', 2000, 1000, '0.025', ['VALIDATION_FAILED', 'MISSING_ARTIFACT']);
    await insertAttempt(a, runA, 'G2', 2, 2, 'warning', 'gpt-4o', 1000, 1000, '0.02');
    const g3 = await insertAttempt(a, runA, 'G3', 3, 1, 'running', 'gpt-4o-mini', 0, 0, '0');
    await t.db.query(`UPDATE gate_executions SET status = 'passed', tokens_in = 100, tokens_out = 100, cost_usd = '0.5' WHERE id = $1`, [g3]);
    const b = await insertRun(runB, 'failed', '0.000123456');
    await insertAttempt(b, runB, 'G1', 1, 1, 'failed', 'claude-sonnet-4', 10, 5, '0.000123456', ['TIMEOUT']);
    await insertAttempt(b, runB, 'G1', 1, 2, 'failed', 'claude-sonnet-4', 0, 0, '0', ['VALIDATION_FAILED']);
    const c = await insertRun(runC, 'completed', '1.000000001');
    await insertAttempt(c, runC, 'G1', 1, 1, 'passed', 'gpt-4o', 0, 0, '1.000000001');
  }, 120_000);
  afterAll(() => t?.close());

  it('are admin-only', async () => {
    for (const path of ['overview', 'reliability', 'fail-codes', 'cost-trend']) {
      await t.http.get(`/api/admin/analytics/${path}`).set(user.auth).expect(403);
    }
  });

  it('overview: runs, completions, failures and cost per period; pass rates and model usage this month', async () => {
    const { body } = await t.http.get('/api/admin/analytics/overview').set(admin.auth).expect(200);
    expect(body.periods.today).toMatchObject({ runs: 1, completed: 1, failed: 0, cost_usd: '0.5555', from: todayStart.toISOString() });
    expect(body.periods.week).toMatchObject({ runs: 2, completed: 1, failed: 1, cost_usd: '0.555623456' });
    const monthRuns = [runA, runB, runC].filter(inMonth).length;
    expect(body.periods.month.runs).toBe(monthRuns);
    const g1 = body.gate_pass_rates.find((g: any) => g.gate_id === 'G1');
    // G1 this month: A#1 passed, B#1 and B#2 failed when B falls in this month; C (40 days ago) never does.
    if (inMonth(runB)) expect(g1).toMatchObject({ attempts: 3, passed: 1, failed: 2, pass_rate: 0.3333, first_attempts: 2, first_attempt_pass_rate: 0.5 });
    else expect(g1).toMatchObject({ attempts: 1, passed: 1, pass_rate: 1 });
    const g2 = body.gate_pass_rates.find((g: any) => g.gate_id === 'G2');
    expect(g2).toMatchObject({ gate_name: 'Gate G2', attempts: 2, passed: 0, warnings: 1, failed: 1, pass_rate: 0.5, first_attempt_pass_rate: 0 });
    const mini = body.model_usage.find((m: any) => m.model_id === 'gpt-4o-mini');
    expect(mini).toMatchObject({ attempts: 1, passed: 1, tokens_in: 100, tokens_out: 100, cost_usd: '0.50' });
    expect(body.model_usage[0].model_id).toBe('gpt-4o-mini'); // most expensive first
  });

  it('reliability: pass rate and first-attempt pass rate by gate × model over 30 days', async () => {
    const { body } = await t.http.get('/api/admin/analytics/reliability?days=30').set(admin.auth).expect(200);
    const cell = (gate: string, model: string) => body.gates_by_model.find((r: any) => r.gate_id === gate && r.model_id === model);
    expect(cell('G1', 'claude-sonnet-4')).toMatchObject({ attempts: 3, passed: 1, failed: 2, pass_rate: 0.3333, first_attempts: 2, first_attempt_passed: 1, first_attempt_pass_rate: 0.5 });
    expect(cell('G2', 'gpt-4o')).toMatchObject({ attempts: 2, pass_rate: 0.5, first_attempt_pass_rate: 0 });
    expect(cell('G3', 'gpt-4o-mini')).toMatchObject({ attempts: 1, pass_rate: 1, first_attempt_pass_rate: 1 });
    expect(cell('G1', 'gpt-4o')).toBeUndefined(); // run C is 40 days old
    const sonnet = body.models.find((m: any) => m.model_id === 'claude-sonnet-4');
    expect(sonnet).toMatchObject({ attempts: 3, passed: 1, cost_usd: '0.010623456', tokens_in: 1010, tokens_out: 505 });
    // 6 attempts; passed or warned: A.G1, A.G2#2, A.G3 → 0.5; first attempts: A.G1 ok, A.G2 no, A.G3 ok, B.G1 no → 0.5
    expect(body.overall).toMatchObject({ model_id: '*', attempts: 6, passed: 3, pass_rate: 0.5, first_attempt_pass_rate: 0.5, cost_usd: '0.555623456' });
    const wide = await t.http.get('/api/admin/analytics/reliability?days=60').set(admin.auth).expect(200);
    expect(wide.body.gates_by_model.find((r: any) => r.gate_id === 'G1' && r.model_id === 'gpt-4o')).toMatchObject({ attempts: 1, pass_rate: 1 });
    await t.http.get('/api/admin/analytics/reliability?days=0').set(admin.auth).expect(400);
  });

  it('fail codes: counts and shares, overall and per gate', async () => {
    const { body } = await t.http.get('/api/admin/analytics/fail-codes').set(admin.auth).expect(200);
    expect(body.failed_attempts).toBe(3);
    expect(body.codes).toEqual([
      { code: 'VALIDATION_FAILED', count: 2, share: 0.5 },
      { code: 'MISSING_ARTIFACT', count: 1, share: 0.25 },
      { code: 'TIMEOUT', count: 1, share: 0.25 },
    ]);
    expect(body.by_gate).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ gate_id: 'G1', code: 'TIMEOUT', count: 1, template_id: templateId }),
        expect.objectContaining({ gate_id: 'G2', code: 'VALIDATION_FAILED', count: 1 }),
      ]),
    );
  });

  it('cost trend: one entry per day, exact sums, per model', async () => {
    const { body } = await t.http.get('/api/admin/analytics/cost-trend?days=7').set(admin.auth).expect(200);
    expect(body.days).toHaveLength(7);
    expect(body.to).toBe(day(now));
    expect(body.total_cost_usd).toBe('0.555623456');
    const byDay = Object.fromEntries(body.days.map((d: any) => [d.day, d]));
    expect(byDay[day(runA)]).toMatchObject({ cost_usd: '0.5555', attempts: 4, tokens_in: 4100, tokens_out: 2600 });
    expect(byDay[day(runB)]).toMatchObject({ cost_usd: '0.000123456', attempts: 2 });
    expect(body.days.filter((d: any) => d.cost_usd !== '0.00')).toHaveLength(2);
    expect(body.by_model).toEqual(expect.arrayContaining([{ day: day(runA), model_id: 'gpt-4o', cost_usd: '0.045' }]));
  });

  it('rollups follow deletions of attempts and of whole runs, and match a rebuild from scratch', async () => {
    const [row] = await t.db.query<{ id: string }>(`SELECT id FROM gate_executions WHERE gate_id = 'G3'`);
    await t.db.query(`DELETE FROM gate_executions WHERE id = $1`, [row.id]);
    const { body } = await t.http.get('/api/admin/analytics/cost-trend?days=7').set(admin.auth).expect(200);
    expect(body.total_cost_usd).toBe('0.055623456');
    await t.db.query(`SELECT analytics_rebuild()`);
    const rebuilt = await t.http.get('/api/admin/analytics/cost-trend?days=7').set(admin.auth).expect(200);
    expect(rebuilt.body).toEqual(body);

    // Deleting run B (its attempts cascade) removes its TIMEOUT and its cost.
    await t.db.query(`DELETE FROM runs WHERE created_at = $1`, [runB]);
    const codes = await t.http.get('/api/admin/analytics/fail-codes').set(admin.auth).expect(200);
    expect(codes.body.codes.map((c: any) => c.code).sort()).toEqual(['MISSING_ARTIFACT', 'VALIDATION_FAILED']);
    const trend = await t.http.get('/api/admin/analytics/cost-trend?days=7').set(admin.auth).expect(200);
    expect(trend.body.total_cost_usd).toBe('0.0555');
  });
});
