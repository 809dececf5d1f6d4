import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from './support';

describe('role matrix', () => {
  let t: TestApp;
  let user: Session;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.http);
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t?.close());

  it.each([
    ['anonymous', () => ({}), 401, 401],
    ['user', () => user.auth, 200, 403],
    ['admin', () => admin.auth, 200, 200],
  ])('%s: /api/auth/me → %i, /api/admin/users → %i', async (_who, headers, userRoute, adminRoute) => {
    const me = await t.http.get('/api/auth/me').set(headers());
    expect(me.status).toBe(userRoute);
    const users = await t.http.get('/api/admin/users').set(headers());
    expect(users.status).toBe(adminRoute);
    if (adminRoute !== 200) expect(users.body).toEqual({ status: adminRoute, code: expect.any(String), message: expect.any(String) });
  });

  it('answers unknown routes with 404 in the error shape (routing happens before the guards)', async () => {
    const response = await t.http.get('/api/admin/does-not-exist').set(user.auth).expect(404);
    expect(response.body).toEqual({ status: 404, code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('lets an admin list and change users, and a user key cannot reach admin routes', async () => {
    const listed = await t.http.get('/api/admin/users').query({ search: user.email }).set(admin.auth).expect(200);
    expect(listed.body).toEqual({ users: [expect.objectContaining({ id: user.userId, role: 'user' })], total: 1, next_cursor: null, has_more: false });

    const promoted = await t.http.put(`/api/admin/users/${user.userId}`).set(admin.auth).send({ role: 'admin' }).expect(200);
    expect(promoted.body.role).toBe('admin');
    // The role is read per request: the same access token is now admin.
    await t.http.get('/api/admin/users').set(user.auth).expect(200);
    await t.http.put(`/api/admin/users/${user.userId}`).set(admin.auth).send({ role: 'user' }).expect(200);
    await t.http.get('/api/admin/users').set(user.auth).expect(403);

    const key = await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'k' }).expect(201);
    await t.http.get('/api/admin/users').set('X-API-Key', key.body.secret).expect(403);
  });

  it('disabling a user through the admin API ends their sessions; admins cannot lock themselves out', async () => {
    const victim = await registerUser(t.http);
    await t.http.put(`/api/admin/users/${victim.userId}`).set(admin.auth).send({ disabled: true }).expect(200);
    await t.http.get('/api/auth/me').set(victim.auth).expect(401);
    const tokens = await t.db.query<{ open: number }>(
      'SELECT count(*)::int AS open FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [victim.userId],
    );
    expect(tokens[0].open).toBe(0);

    const self = await t.http.put(`/api/admin/users/${admin.userId}`).set(admin.auth).send({ disabled: true }).expect(409);
    expect(self.body.code).toBe('SELF_LOCKOUT');
    await t.http.put('/api/admin/users/not-a-uuid').set(admin.auth).send({ role: 'user' }).expect(400);
    await t.http.put('/api/admin/users/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ role: 'user' }).expect(404);
  });
});
