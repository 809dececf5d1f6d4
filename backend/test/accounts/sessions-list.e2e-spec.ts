import { bearer, login, loginAdmin, registerUser, startTestApp, type TestApp } from '../support';

describe('accounts: the sessions page API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('lists your sessions with device, IP and last use, marks this one, and ends another', async () => {
    const laptop = await registerUser(t.http);
    const phoneLogin = await t.http
      .post('/api/auth/login')
      .set('User-Agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)')
      .send({ email: laptop.email, password: laptop.password })
      .expect(200);

    const listed = await t.http.get('/api/auth/sessions').set(laptop.auth).expect(200);
    expect(listed.body.sessions).toHaveLength(2);
    const [newest, oldest] = listed.body.sessions;
    expect(newest).toMatchObject({ user_agent: expect.stringContaining('iPhone'), current: false, ip: expect.any(String) });
    expect(oldest.current).toBe(true);
    expect(Date.parse(newest.last_used_at)).toBeGreaterThanOrEqual(Date.parse(oldest.last_used_at));

    await t.http.delete(`/api/auth/sessions/${newest.id}`).set(laptop.auth).expect(204);
    await t.http.post('/api/auth/refresh').send({ refresh_token: phoneLogin.body.refresh_token }).expect(401);
    expect((await t.http.get('/api/auth/sessions').set(laptop.auth).expect(200)).body.sessions).toHaveLength(1);

    // Someone else's session id is not yours to end.
    const other = await registerUser(t.http);
    const otherSessions = await t.http.get('/api/auth/sessions').set(other.auth).expect(200);
    await t.http.delete(`/api/auth/sessions/${otherSessions.body.sessions[0].id}`).set(laptop.auth).expect(404);
    await t.http.post('/api/auth/refresh').send({ refresh_token: other.refreshToken }).expect(200);
  });

  it('an administrator can sign a user out everywhere; a user cannot', async () => {
    const admin = await loginAdmin(t.http);
    const user = await registerUser(t.http);
    const second = await login(t.http, user.email, user.password);
    await t.http.delete(`/api/admin/users/${user.userId}/sessions`).set(second.auth).expect(403);
    await t.http.delete(`/api/admin/users/${user.userId}/sessions`).set(admin.auth).expect(204);
    await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: second.refreshToken }).expect(401);
    expect((await t.http.get('/api/auth/sessions').set(bearer(admin.accessToken)).expect(200)).body.sessions.length).toBeGreaterThan(0);
  });
});
