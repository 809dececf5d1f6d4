import type { RunsHarness } from '../runs/support';
import type { Session } from '../support';
import { startRealAndSimulatedRuns, type RealAndSimulated } from './real-and-simulated';

/**
 * Simulated is never mixed with real: a real run (Anthropic wire protocol, local fake server) and a simulated run
 * (OpenAI has no key) side by side. Analytics count the real one by default, report the simulated one apart, and
 * count both only when asked; the run says which part of its spend was simulated.
 */
describe('Real and simulated spend kept apart', () => {
  let h: RunsHarness;
  let admin: Session;
  let runs: RealAndSimulated['runs'];
  let world: RealAndSimulated;

  beforeAll(async () => {
    world = await startRealAndSimulatedRuns();
    ({ h, admin, runs } = world);
  }, 240_000);
  afterAll(() => world?.close(), 60_000);

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
