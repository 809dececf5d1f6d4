import type { RunsHarness } from '../runs/support';
import { registerUser, type Session } from '../support';
import { startRealAndSimulatedRuns, type RealAndSimulated } from './real-and-simulated';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Per-user usage for administrators: one user runs a real workflow (Anthropic wire protocol, local fake server) and
 * a simulated one (OpenAI has no key); another runs nothing. The usage list and the user's detail show the real
 * spend and the simulated work apart, and only administrators can read them.
 */
describe('Admin usage per user', () => {
  let h: RunsHarness;
  let admin: Session;
  let owner: Session;
  let idle: Session;
  let runs: RealAndSimulated['runs'];
  let world: RealAndSimulated;

  beforeAll(async () => {
    world = await startRealAndSimulatedRuns();
    ({ h, admin, owner, runs } = world);
    idle = await registerUser(h.t.http);
  }, 240_000);
  afterAll(() => world?.close(), 60_000);

  it('lists every user with runs, real spend and simulated work apart, most real spend first', async () => {
    const real = runs['real-brief'];
    const simulated = runs['simulated-brief'];
    expect(real).toMatchObject({ status: 'completed', real_cost_usd: '0.00648' });
    expect(simulated).toMatchObject({ simulated: true, real_cost_usd: '0.00' });

    const { body } = await h.t.http.get('/api/admin/usage').set(admin.auth).expect(200);
    expect(body).toMatchObject({ to: today(), sort: 'real_cost', has_more: false, next_cursor: null });
    expect(body.total).toBe(body.users.length);
    expect(body.users[0].user).toMatchObject({ id: owner.userId, email: owner.email, role: 'user' });
    const mine = body.users[0];
    expect(mine.runs).toEqual({ total: 2, completed: [real, simulated].filter((r) => r.status === 'completed').length, paused: expect.any(Number), failed: expect.any(Number), running: 0, cancelled: 0 });
    expect(mine.real_cost_usd).toBe('0.00648');
    expect(mine.tokens_in).toBe(real.tokens_in);
    expect(mine.tokens_out).toBe(real.tokens_out);
    expect(mine.simulated).toEqual({
      runs: 1,
      gate_executions: expect.any(Number),
      tokens_in: simulated.tokens_in,
      tokens_out: simulated.tokens_out,
      cost_usd: simulated.simulated_cost_usd,
    });
    expect(mine.simulated.gate_executions).toBeGreaterThanOrEqual(1);
    expect(Number(mine.simulated.cost_usd)).toBeGreaterThan(0);
    expect(Date.parse(mine.last_run_at)).toBeGreaterThanOrEqual(Date.parse(real.created_at));

    const nobody = body.users.find((u: any) => u.user.id === idle.userId);
    expect(nobody).toMatchObject({ runs: { total: 0 }, real_cost_usd: '0.00', simulated: { runs: 0, cost_usd: '0.00' }, last_run_at: null });
    // Totals add everyone up, real and simulated still apart.
    expect(body.totals).toMatchObject({ runs: { total: 2 }, real_cost_usd: '0.00648', simulated: { runs: 1, cost_usd: simulated.simulated_cost_usd } });
  });

  it('pages with next_cursor and sorts by runs or last run', async () => {
    const first = (await h.t.http.get('/api/admin/usage?limit=1&sort=runs').set(admin.auth).expect(200)).body;
    expect(first).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    expect(first.users.map((u: any) => u.user.id)).toEqual([owner.userId]);
    const seen = [owner.userId];
    let cursor = first.next_cursor;
    while (cursor) {
      const page = (await h.t.http.get('/api/admin/usage').query({ limit: 1, sort: 'runs', cursor }).set(admin.auth).expect(200)).body;
      seen.push(...page.users.map((u: any) => u.user.id));
      cursor = page.next_cursor;
    }
    expect(new Set(seen).size).toBe(first.total);
    expect(seen).toEqual(expect.arrayContaining([admin.userId, idle.userId]));

    const byLastRun = (await h.t.http.get('/api/admin/usage?sort=last_run').set(admin.auth).expect(200)).body;
    expect(byLastRun.users[0].user.id).toBe(owner.userId);
  });

  it("a user's detail has a daily series, a per-workflow breakdown and recent runs, real and simulated apart", async () => {
    const { body } = await h.t.http.get(`/api/admin/users/${owner.userId}/usage`).query({ from: daysAgo(59), to: today() }).set(admin.auth).expect(200);
    expect(body.user.id).toBe(owner.userId);
    expect(body.days).toHaveLength(60);
    expect(body.days[0].day).toBe(daysAgo(59));
    expect(body.days.at(-1)).toMatchObject({ day: today(), runs: 2, real_cost_usd: '0.00648', simulated_runs: 1, simulated_cost_usd: runs['simulated-brief'].simulated_cost_usd });
    expect(body.days.filter((d: any) => d.runs > 0)).toHaveLength(1);
    expect(body.by_workflow.map((w: any) => [w.template_slug, w.runs.total, w.real_cost_usd, w.simulated_runs])).toEqual([
      ['real-brief', 1, '0.00648', 0],
      ['simulated-brief', 1, '0.00', 1],
    ]);
    expect(body.recent_runs.map((r: any) => r.id)).toEqual([runs['real-brief'].id, runs['simulated-brief'].id]);
    expect(body.recent_runs[1]).toMatchObject({ simulated: true, real_cost_usd: '0.00', simulated_cost_usd: runs['simulated-brief'].simulated_cost_usd });

    // A window before the runs: nothing counted, but the last run is still known.
    const past = (await h.t.http.get(`/api/admin/users/${owner.userId}/usage?from=${daysAgo(80)}&to=${daysAgo(74)}`).set(admin.auth).expect(200)).body;
    expect(past).toMatchObject({ runs: { total: 0 }, real_cost_usd: '0.00', by_workflow: [], recent_runs: [], last_run_at: expect.any(String) });
    expect(past.days).toHaveLength(7);
  });

  it('rejects bad windows naming the field, unknown users with 404', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-12-05&to=2026-12-01', 'from'],
      ['from=2024-01-01&to=2026-01-01', 'from'],
      ['sort=cheapest', 'sort'],
      ['cursor=not*a*cursor', 'cursor'],
    ];
    for (const [query, field] of cases) {
      const { body } = await h.t.http.get(`/api/admin/usage?${query}`).set(admin.auth).expect(400);
      expect(body.details.map((d: any) => d.field)).toContain(field);
    }
    await h.t.http.get('/api/admin/users/00000000-0000-4000-8000-000000000000/usage').set(admin.auth).expect(404);
    await h.t.http.get('/api/admin/users/not-a-uuid/usage').set(admin.auth).expect(400);
  });

  it('is for administrators only: 401 without a session, 403 for a user (their own usage included)', async () => {
    for (const path of ['/api/admin/usage', `/api/admin/users/${owner.userId}/usage`]) {
      await h.t.http.get(path).expect(401);
      const { body } = await h.t.http.get(path).set(owner.auth).expect(403);
      expect(body).toMatchObject({ status: 403, code: expect.any(String) });
    }
  });
});
