import { bearer, registerUser, startTestApp, type Session, type TestApp } from './support';

describe('API keys', () => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await registerUser(t.http);
  });
  afterAll(() => t?.close());

  it('creates a key whose secret is shown once, works on routes, lists without secret, and dies on revoke', async () => {
    const created = await t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'CI pipeline' }).expect(201);
    const { secret, prefix, id } = created.body;
    expect(secret).toMatch(new RegExp(`^esy_${prefix}_[A-Za-z0-9_-]{20,}$`));
    expect(created.body).toMatchObject({ name: 'CI pipeline', scopes: ['read', 'write'], revoked: false, last_used_at: null });

    // Only a hash is stored.
    const stored = await t.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [id]);
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);

    // Both header styles authenticate as the owner.
    const viaBearer = await t.http.get('/api/auth/me').set(bearer(secret)).expect(200);
    expect(viaBearer.body.id).toBe(owner.userId);
    await t.http.get('/api/auth/me').set('X-API-Key', secret).expect(200);

    const listed = await t.http.get('/api/auth/api-keys').set(owner.auth).expect(200);
    expect(listed.body.api_keys).toHaveLength(1);
    expect(listed.body.api_keys[0]).toMatchObject({ id, prefix, name: 'CI pipeline', revoked: false });
    expect(listed.body.api_keys[0].last_used_at).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.api_keys[0]).not.toHaveProperty('secret');

    await t.http.delete(`/api/auth/api-keys/${id}`).set(owner.auth).expect(204);
    const rejected = await t.http.get('/api/auth/me').set('X-API-Key', secret).expect(401);
    expect(rejected.body).toEqual({ status: 401, code: 'INVALID_API_KEY', message: expect.any(String) });
    const after = await t.http.get('/api/auth/api-keys').set(owner.auth).expect(200);
    expect(after.body.api_keys[0]).toMatchObject({ id, revoked: true });
  });

  it('rejects guessed keys and keys of another user for revocation', async () => {
    const created = await t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'mine' }).expect(201);
    const tampered = created.body.secret.slice(0, -4) + 'AAAA';
    await t.http.get('/api/auth/me').set('X-API-Key', tampered).expect(401);
    await t.http.get('/api/auth/me').set('X-API-Key', 'esy_nonsense').expect(401);

    const stranger = await registerUser(t.http);
    await t.http.delete(`/api/auth/api-keys/${created.body.id}`).set(stranger.auth).expect(404);
    await t.http.get('/api/auth/me').set('X-API-Key', created.body.secret).expect(200);
  });

  it('enforces scopes: a read-only key cannot write; only admins may mint admin-scoped keys', async () => {
    const readOnly = await t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'reader', scopes: ['read'] }).expect(201);
    await t.http.get('/api/runs').set('X-API-Key', readOnly.body.secret).expect(200);
    const write = await t.http.post('/api/runs').set('X-API-Key', readOnly.body.secret).send({}).expect(403);
    expect(write.body.code).toBe('INSUFFICIENT_SCOPE');

    await t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'nope', scopes: ['admin'] }).expect(403);
  });

  it('stops working when the owner is disabled', async () => {
    const user = await registerUser(t.http);
    const created = await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'k' }).expect(201);
    await t.db.query('UPDATE users SET disabled = true WHERE id = $1', [user.userId]);
    const response = await t.http.get('/api/auth/me').set('X-API-Key', created.body.secret).expect(401);
    expect(response.body.code).toBe('ACCOUNT_DISABLED');
  });

  it('a key, whatever its scopes, can never create, list or revoke keys: sessions only', async () => {
    const strong = await t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'strong', scopes: ['read', 'write'] }).expect(201);
    const key = { 'X-API-Key': strong.body.secret };
    const keysBefore = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL'))[0].n;
    for (const call of [
      t.http.get('/api/auth/api-keys').set(key),
      t.http.post('/api/auth/api-keys').set(key).send({ name: 'child' }),
      t.http.delete(`/api/auth/api-keys/${strong.body.id}`).set(key),
      t.http.post('/api/auth/api-keys').set(bearer(strong.body.secret)).send({ name: 'child via bearer' }),
    ]) {
      const response = await call.expect(403);
      expect(response.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE', message: expect.stringContaining('session') });
    }
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL'))[0].n).toBe(keysBefore);
    await t.http.get('/api/auth/api-keys').set(owner.auth).expect(200);
  });

  it('limits a key to named workflows: other workflows’ runs and creation answer 403 WORKFLOW_NOT_ALLOWED', async () => {
    const { workflows } = (await t.http.get('/api/workflows').set(owner.auth).expect(200)).body as {
      workflows: { slug: string; active_spec_id: string }[];
    };
    const allowed = workflows.find((w) => w.slug === 'etymology-visual-essay')!;
    const other = workflows.find((w) => w.slug === 'research-brief')!;
    // The session starts a run of the other workflow.
    const otherRun = (await t.http.post('/api/runs').set(owner.auth).send({ spec_id: other.active_spec_id, intent: { topic: 'tides' } }).expect(201)).body.run;

    const unknown = await t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'x', workflows: ['no-such-workflow'] }).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'workflows', message: expect.stringContaining('no-such-workflow') }]);
    const created = await t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'essays only', workflows: [allowed.slug] }).expect(201);
    expect(created.body.workflows).toEqual([allowed.slug]);
    const key = bearer(created.body.secret);

    const refused = await t.http.post('/api/runs').set(key).send({ spec_id: other.active_spec_id, intent: { topic: 'tides' } }).expect(403);
    expect(refused.body).toMatchObject({ code: 'WORKFLOW_NOT_ALLOWED', message: expect.stringContaining(allowed.slug) });
    const mine = await t.http.post('/api/runs').set(key).send({ spec_id: allowed.active_spec_id, intent: { word: 'kith' } }).expect(201);

    expect((await t.http.get(`/api/runs/${otherRun.id}`).set(key).expect(403)).body.code).toBe('WORKFLOW_NOT_ALLOWED');
    await t.http.post(`/api/runs/${otherRun.id}/stream-token`).set(key).expect(403);
    await t.http.get(`/api/runs/${mine.body.run.id}`).set(key).expect(200);
    // The list shows only the allowed workflow's runs; the session sees both.
    const listed = (await t.http.get('/api/runs').set(key).expect(200)).body.runs.map((run: { id: string }) => run.id);
    expect(listed).toContain(mine.body.run.id);
    expect(listed).not.toContain(otherRun.id);
    await t.http.get(`/api/runs/${otherRun.id}`).set(owner.auth).expect(200);

    // last_used_at is recorded and listed with the restriction.
    const keys = (await t.http.get('/api/auth/api-keys').set(owner.auth).expect(200)).body.api_keys as { id: string; workflows: string[] | null; last_used_at: string | null }[];
    const listedKey = keys.find((k) => k.id === created.body.id)!;
    expect(listedKey.workflows).toEqual([allowed.slug]);
    expect(Date.parse(listedKey.last_used_at!)).toBeGreaterThan(Date.now() - 60_000);
  });
});
