import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from '../support';

describe('Models: admin catalogue and the signed-in list', () => {
  let t: TestApp;
  let admin: Session;
  let user: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    user = await registerUser(t.http);
  }, 120_000);
  afterAll(() => t?.close());

  it('lists the seeded catalogue with prices as decimal strings and zero usage', async () => {
    const { body } = await t.http.get('/api/admin/models').set(admin.auth).expect(200);
    expect(body.models).toHaveLength(10);
    expect(body.month_start).toMatch(/^\d{4}-\d{2}-01$/);
    const sonnet = body.models.find((m: any) => m.id === 'claude-sonnet-4');
    expect(sonnet).toMatchObject({
      provider: 'anthropic',
      tier: 'mid',
      input_price_per_1k: '0.003',
      output_price_per_1k: '0.015',
      active: true,
      provider_configured: false,
      usage_this_month: { attempts: 0, tokens_in: 0, tokens_out: 0, cost_usd: '0.00' },
    });
    expect(sonnet.api_model_name).toBeTruthy();
    await t.http.get('/api/admin/models').set(user.auth).expect(403);
  });

  it('edits pricing, tier, provider model name and the active flag; bad values answer 400 per field', async () => {
    const { body } = await t.http
      .put('/api/admin/models/gpt-4o')
      .set(admin.auth)
      .send({ input_price_per_1k: '0.0025', output_price_per_1k: '0.01', tier: 'low', api_model_name: 'gpt-4o-2024-11-20' })
      .expect(200);
    expect(body).toMatchObject({ id: 'gpt-4o', input_price_per_1k: '0.0025', output_price_per_1k: '0.01', tier: 'low', api_model_name: 'gpt-4o-2024-11-20' });
    const [row] = await t.db.query<{ input_price_per_1k: string }>(`SELECT input_price_per_1k::text FROM models WHERE id = 'gpt-4o'`);
    expect(row.input_price_per_1k).toBe('0.002500');

    const bad = await t.http.put('/api/admin/models/gpt-4o').set(admin.auth).send({ input_price_per_1k: '0.0000001', tier: 'huge', id: 'x' }).expect(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['id', 'input_price_per_1k', 'tier']);
    await t.http.put('/api/admin/models/gpt-4o').set(admin.auth).send({ input_price_per_1k: 0.1 }).expect(400);
    await t.http.put('/api/admin/models/gpt-4o').set(admin.auth).send({}).expect(400);
    await t.http.put('/api/admin/models/no-such-model').set(admin.auth).send({ active: false }).expect(404);
  });

  it('adds a model; a duplicate id answers 409', async () => {
    const model = { id: 'deepseek-chat', provider: 'deepseek', api_model_name: 'deepseek-chat', tier: 'low', input_price_per_1k: '0.00027', output_price_per_1k: '0.0011', context_window: 64000 };
    const { body } = await t.http.post('/api/admin/models').set(admin.auth).send(model).expect(201);
    expect(body).toMatchObject({ ...model, active: true, capabilities: { tools: true, streaming: true, structured_output: false }, provider_configured: false });
    await t.http.post('/api/admin/models').set(admin.auth).send(model).expect(409);
    await t.http.post('/api/admin/models').set(user.auth).send({ ...model, id: 'other' }).expect(403);
  });

  it('signed-in users see active models only, without provider model names or usage', async () => {
    await t.http.put('/api/admin/models/o3').set(admin.auth).send({ active: false }).expect(200);
    await t.http.get('/api/models').expect(401);
    const { body } = await t.http.get('/api/models').set(user.auth).expect(200);
    const ids = body.models.map((m: any) => m.id);
    expect(ids).toContain('deepseek-chat');
    expect(ids).not.toContain('o3');
    for (const model of body.models) {
      expect(model).not.toHaveProperty('api_model_name');
      expect(model).not.toHaveProperty('usage_this_month');
    }
  });

  it('spec cost profiles follow a price change at once', async () => {
    const { body: list } = await t.http.get('/api/workflows').set(user.auth).expect(200);
    const slug = (list.workflows ?? list.templates ?? list)[0].slug;
    const before = (await t.http.get(`/api/workflows/${slug}`).set(user.auth).expect(200)).body.active_spec.cost_profile;
    const models = (await t.http.get('/api/admin/models').set(admin.auth).expect(200)).body.models;
    // Double every price: the typical figure doubles exactly (each stage is tokens × price).
    for (const m of models) {
      await t.http
        .put(`/api/admin/models/${m.id}`)
        .set(admin.auth)
        .send({ input_price_per_1k: (Number(m.input_price_per_1k) * 2).toFixed(6), output_price_per_1k: (Number(m.output_price_per_1k) * 2).toFixed(6) })
        .expect(200);
    }
    const after = (await t.http.get(`/api/workflows/${slug}`).set(user.auth).expect(200)).body.active_spec.cost_profile;
    expect(Number(before.typical_usd)).toBeGreaterThan(0);
    expect(Number(after.typical_usd)).toBeCloseTo(Number(before.typical_usd) * 2, 9);
    expect(Number(after.max_usd)).toBeCloseTo(Number(before.max_usd) * 2, 9);
  });
});
