import { registerUser, startTestApp, type Session, type TestApp } from './support';

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
});
