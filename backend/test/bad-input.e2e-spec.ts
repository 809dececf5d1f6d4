import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from './support';

/** Every rejected request has the error shape, names the offending fields, and writes nothing. */
describe('bad input', () => {
  let t: TestApp;
  let user: Session;

  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT: '2kb' } });
    user = await registerUser(t.http);
  });
  afterAll(() => t?.close());

  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('missing fields: 400 with one detail per field, no user created', async () => {
    const before = await count('users');
    const response = await t.http.post('/api/auth/register').send({}).expect(400);
    expect(response.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: expect.any(String) });
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'password']));
    expect(await count('users')).toBe(before);
  });

  it('wrong types: 400 naming each field', async () => {
    const before = await count('users');
    const response = await t.http
      .post('/api/auth/register')
      .send({ email: 42, password: ['x'], display_name: { a: 1 } })
      .expect(400);
    const fields = new Set(response.body.details.map((d: { field: string }) => d.field));
    expect(fields).toEqual(new Set(['email', 'password', 'display_name']));
    for (const detail of response.body.details) expect(detail.message).toEqual(expect.any(String));
    expect(await count('users')).toBe(before);
  });

  it('unknown fields are rejected, not ignored', async () => {
    const before = await count('users');
    const response = await t.http
      .post('/api/auth/register')
      .send({ email: 'x@example.test', password: 'long enough pw', role: 'admin' })
      .expect(400);
    expect(response.body.details).toEqual([{ field: 'role', message: expect.stringContaining('role') }]);
    expect(await count('users')).toBe(before);

    const keysBefore = await count('api_keys');
    const key = await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'k', scopes: ['read', 'root'], extra: 1 }).expect(400);
    expect(new Set(key.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['scopes', 'extra']));
    expect(await count('api_keys')).toBe(keysBefore);
  });

  it('bad query parameters are rejected with details', async () => {
    const admin = await t.http.post('/api/auth/login').send({ email: t.config.admin.email, password: 'admin-password-for-tests' }).expect(200);
    const response = await t.http
      .get('/api/admin/users')
      .query({ limit: 'lots', role: 'owner' })
      .set('Authorization', `Bearer ${admin.body.access_token}`)
      .expect(400);
    expect(new Set(response.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['limit', 'role']));
  });

  it('oversized body: 413 in the error shape, nothing written', async () => {
    const before = await count('users');
    const response = await t.http
      .post('/api/auth/register')
      .send({ email: 'big@example.test', password: 'long enough pw', display_name: 'x'.repeat(4000) })
      .expect(413);
    expect(response.body).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
    expect(await count('users')).toBe(before);
  });

  it('malformed JSON: 400 in the error shape', async () => {
    const response = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.c", ')
      .expect(400);
    expect(response.body).toEqual({ status: 400, code: 'MALFORMED_JSON', message: expect.any(String) });
  });

  describe('null only where the schema says nullable; prototype keys; text path parameters', () => {
    let admin: Session;
    let templateId: string;
    let specId: string;
    beforeAll(async () => {
      admin = await loginAdmin(t.http);
      const { workflows } = (await t.http.get('/api/workflows').set(user.auth).expect(200)).body;
      const [demo] = workflows;
      templateId = demo.id;
      specId = demo.active_spec_id;
    });
    const fieldsOf = (response: { body: { details?: { field: string }[] } }) => response.body.details?.map((d) => d.field);

    const userPath = (): string => `/api/admin/users/${user.userId}`;
    const templatePath = (): string => `/api/admin/templates/${templateId}`;
    it.each([
      ['users', userPath, { role: null }, 'role'],
      ['users', userPath, { disabled: null }, 'disabled'],
      ['templates', templatePath, { name: null }, 'name'],
      ['templates', templatePath, { active: null }, 'active'],
      ['templates', templatePath, { active_spec_id: null }, 'active_spec_id'],
      ['settings', (): string => '/api/admin/settings', { max_attempts: null }, 'max_attempts'],
    ] as const)('PUT admin %s with %j: 400 naming the field', async (_what, path, body, field) => {
      const response = await t.http.put(path()).set(admin.auth).send(body).expect(400);
      expect(fieldsOf(response)).toContain(field);
    });

    it('a user request with null where a value is required changes nothing', async () => {
      const runs = await count('runs');
      const run = await t.http.post('/api/runs').set(user.auth).send({ spec_id: specId, intent: { word: 'kith' }, display_name: null }).expect(400);
      expect(new Set(fieldsOf(run))).toEqual(new Set(['display_name']));
      expect(await count('runs')).toBe(runs);
      const keys = await count('api_keys');
      const key = await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'k', scopes: null }).expect(400);
      expect(fieldsOf(key)).toContain('scopes');
      expect(await count('api_keys')).toBe(keys);
    });

    it('null stays accepted where the document says nullable', async () => {
      await t.http.put('/api/admin/settings').set(admin.auth).send({ default_run_budget_usd: null }).expect(200);
      await t.http.put(`/api/admin/templates/${templateId}`).set(admin.auth).send({ estimated_time: null }).expect(200);
    });

    it.each(['__proto__', 'constructor', 'prototype'])('a "%s" key is refused at any depth', async (key) => {
      const users = await count('users');
      const top = await t.http
        .post('/api/auth/register')
        .set('Content-Type', 'application/json')
        .send(`{"email":"p@example.test","password":"long enough pw","${key}":{"role":"admin"}}`)
        .expect(400);
      expect(fieldsOf(top)).toEqual([key]);
      const nested = await t.http
        .post('/api/runs')
        .set(user.auth)
        .set('Content-Type', 'application/json')
        .send(`{"spec_id":"${specId}","intent":{"word":"x","${key}":{"polluted":true}}}`)
        .expect(400);
      expect(fieldsOf(nested)).toEqual([`intent.${key}`]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await count('users')).toBe(users);
    });

    it.each([
      ['get', '/api/workflows/%00'],
      ['put', '/api/admin/models/%00'],
      ['get', `/api/workflows/${'a'.repeat(201)}`],
      ['get', '/api/workflows/a%20b'],
      ['get', '/api/admin/agents/%0Aslug'],
    ] as const)('%s %s: 400 naming the path parameter, before any query', async (method, path) => {
      const response = await t.http[method](path).set(admin.auth).send({}).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: expect.any(String) }] });
    });
  });
});
