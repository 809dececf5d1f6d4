import { fault, FakeAnthropicServer, FakeOpenAIServer, reply } from '@esy/orchestration/test-support';
import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from '../support';

const OPENAI_KEY = 'sk-test-openai-Zq8v3LmN0pR7tY2w';
const ANTHROPIC_KEY = 'sk-ant-test-K4d9Hs2Jq7Wm1Xc5';

/** Every string of a JSON value, flattened (to search a whole response for a secret). */
const text = (value: unknown) => JSON.stringify(value);

describe('Admin: provider credentials', () => {
  let t: TestApp;
  let admin: Session;
  let user: Session;
  let openai: FakeOpenAIServer;
  let anthropic: FakeAnthropicServer;

  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([new FakeOpenAIServer().start(), new FakeAnthropicServer().start()]);
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    user = await registerUser(t.http);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([openai?.close(), anthropic?.close()]);
  });

  it('are admin-only', async () => {
    await t.http.get('/api/admin/providers').expect(401);
    await t.http.get('/api/admin/providers').set(user.auth).expect(403);
    await t.http.put('/api/admin/providers/openai').set(user.auth).send({ api_key: OPENAI_KEY }).expect(403);
    await t.http.post('/api/admin/providers/openai/test').set(user.auth).send({}).expect(403);
  });

  it('start unconfigured: status only, built-in providers listed', async () => {
    const { body } = await t.http.get('/api/admin/providers').set(admin.auth).expect(200);
    const byName = Object.fromEntries(body.providers.map((p: any) => [p.provider, p]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['anthropic', 'openai', 'google']));
    expect(byName.openai).toMatchObject({ configured: false, usable: false, source: null, key_last_four: null, protocol: 'openai' });
    expect(byName.openai.reason).toMatch(/no credentials/);
    expect(byName.anthropic.model_count).toBeGreaterThan(0);
  });

  it('store a key encrypted: the row holds ciphertext, answers show only the last four characters', async () => {
    const { body } = await t.http
      .put('/api/admin/providers/openai')
      .set(admin.auth)
      .send({ api_key: OPENAI_KEY, base_url: openai.baseURL })
      .expect(200);
    expect(body).toMatchObject({ provider: 'openai', configured: true, usable: true, source: 'database', key_last_four: OPENAI_KEY.slice(-4), base_url: openai.baseURL });
    expect(text(body)).not.toContain(OPENAI_KEY);

    const [row] = await t.db.query<{ encrypted_api_key: string; key_last_four: string }>(
      `SELECT encrypted_api_key, key_last_four FROM provider_credentials WHERE provider = 'openai'`,
    );
    expect(row.encrypted_api_key).toMatch(/^v1:/);
    expect(row.encrypted_api_key).not.toContain(OPENAI_KEY);
    expect(Buffer.from(row.encrypted_api_key.split(':')[3], 'base64').toString('utf8')).not.toContain(OPENAI_KEY);
    expect(row.key_last_four).toBe(OPENAI_KEY.slice(-4));

    const list = await t.http.get('/api/admin/providers').set(admin.auth).expect(200);
    expect(text(list.body)).not.toContain(OPENAI_KEY);
    const docs = await t.http.get('/api/docs-json').expect(200);
    expect(text(docs.body)).not.toContain(OPENAI_KEY);
  });

  it('test connection: one tiny call through the real SDK to the configured base URL, outcome kept as the last check', async () => {
    openai.enqueue(reply.text('OK', { inputTokens: 5, outputTokens: 1 }));
    const { body } = await t.http.post('/api/admin/providers/openai/test').set(admin.auth).send({}).expect(200);
    expect(body).toMatchObject({ provider: 'openai', ok: true, model_id: 'gpt-4o-mini' });
    expect(openai.requests).toHaveLength(1);
    expect(openai.requests[0].headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(openai.requests[0].body.model).toBe('gpt-4o-mini');

    // The provider quotes the key back in its error: the stored and returned message must not.
    openai.enqueue(fault.error(401, `Incorrect API key provided: ${OPENAI_KEY}.`));
    const failed = await t.http.post('/api/admin/providers/openai/test').set(admin.auth).send({ model_id: 'gpt-4o' }).expect(200);
    expect(failed.body).toMatchObject({ ok: false, model_id: 'gpt-4o', error: { kind: 'auth', status: 401 } });
    expect(failed.body.error.message).toContain('Incorrect API key provided');
    expect(text(failed.body)).not.toContain(OPENAI_KEY);
    const { body: list } = await t.http.get('/api/admin/providers').set(admin.auth).expect(200);
    const status = list.providers.find((p: any) => p.provider === 'openai');
    expect(status).toMatchObject({ last_check_ok: false, last_checked_at: failed.body.checked_at });
    expect(status.last_error).toContain('Incorrect API key provided');
    expect(text(list)).not.toContain(OPENAI_KEY);
  });

  it('test connection of an Anthropic key goes to the Messages API carrying the decrypted key', async () => {
    await t.http.put('/api/admin/providers/anthropic').set(admin.auth).send({ api_key: ANTHROPIC_KEY, base_url: anthropic.baseURL }).expect(200);
    anthropic.enqueue(reply.text('OK', { inputTokens: 4, outputTokens: 1 }));
    const { body } = await t.http.post('/api/admin/providers/anthropic/test').set(admin.auth).send({}).expect(200);
    expect(body).toMatchObject({ ok: true, model_id: 'claude-haiku-3.5' });
    const headers = anthropic.requests[0].headers;
    expect(headers['anthropic-version']).toBeDefined();
    expect([headers['x-api-key'], headers.authorization]).toContainEqual(expect.stringContaining(ANTHROPIC_KEY));
  });

  it('an OpenAI-compatible local server needs only a base URL and its own models', async () => {
    await t.http.put('/api/admin/providers/ollama').set(admin.auth).send({ base_url: openai.baseURL }).expect(200);
    await t.http
      .post('/api/admin/models')
      .set(admin.auth)
      .send({ id: 'llama-local', provider: 'ollama', api_model_name: 'llama3.1:8b', tier: 'low', input_price_per_1k: '0', output_price_per_1k: '0', context_window: 8192 })
      .expect(201);
    openai.enqueue(reply.text('OK'));
    const { body } = await t.http.post('/api/admin/providers/ollama/test').set(admin.auth).send({}).expect(200);
    expect(body).toMatchObject({ ok: true, model_id: 'llama-local' });
    expect(openai.lastRequest!.body.model).toBe('llama3.1:8b');
    const { body: list } = await t.http.get('/api/admin/providers').set(admin.auth).expect(200);
    expect(list.providers.find((p: any) => p.provider === 'ollama')).toMatchObject({ configured: true, usable: true, protocol: 'openai', key_last_four: null });
  });

  it('refuse bad input with one message per field', async () => {
    const { body } = await t.http.put('/api/admin/providers/openai').set(admin.auth).send({ api_key: 'short', base_url: 'ftp://x', extra: 1 }).expect(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d: any) => d.field).sort()).toEqual(['api_key', 'base_url', 'extra']);
    // A refused key is not echoed back either.
    const spaced = 'sk-with a-space-Qw3rty9876';
    const refused = await t.http.put('/api/admin/providers/openai').set(admin.auth).send({ api_key: spaced }).expect(400);
    expect(refused.body.details).toEqual([{ field: 'api_key', message: 'api_key must not contain spaces' }]);
    expect(text(refused.body)).not.toContain('Qw3rty9876');
    await t.http.put('/api/admin/providers/Bad%20Name').set(admin.auth).send({ enabled: true }).expect(400);
    await t.http.put('/api/admin/providers/simulator').set(admin.auth).send({ enabled: true }).expect(400);
    await t.http.put('/api/admin/providers/openai').set(admin.auth).send({}).expect(400);
    await t.http.post('/api/admin/providers/openai/test').set(admin.auth).send({ model_id: 'claude-opus-4' }).expect(400);
    await t.http.post('/api/admin/providers/openai/test').set(admin.auth).send({ model_id: 'nope' }).expect(404);
  });

  it('never show credentials embedded in a base URL', async () => {
    const { body } = await t.http.put('/api/admin/providers/proxy').set(admin.auth).send({ base_url: 'https://bench:Pr0xyS3cret@proxy.example.test/v1' }).expect(200);
    expect(body.base_url).toBe('https://***@proxy.example.test/v1');
    const list = await t.http.get('/api/admin/providers').set(admin.auth).expect(200);
    expect(text(list.body)).not.toContain('Pr0xyS3cret');
  });

  it('disable and remove: stored settings go away, the key with them', async () => {
    const disabled = await t.http.put('/api/admin/providers/openai').set(admin.auth).send({ enabled: false }).expect(200);
    expect(disabled.body).toMatchObject({ enabled: false, usable: false, key_last_four: OPENAI_KEY.slice(-4) });
    const removed = await t.http.delete('/api/admin/providers/openai').set(admin.auth).expect(200);
    expect(removed.body).toMatchObject({ configured: false, source: null, key_last_four: null });
    const rows = await t.db.query(`SELECT 1 FROM provider_credentials WHERE provider = 'openai'`);
    expect(rows).toHaveLength(0);
  });
});
