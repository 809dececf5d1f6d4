import { bearer, login, registerUser, startTestApp, uniqueEmail, type TestApp } from './support';

describe('auth: register, login, me, refresh with rotation, logout', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('runs the whole session lifecycle and detects refresh-token reuse', async () => {
    const email = uniqueEmail('ada');
    const registered = await t.http
      .post('/api/auth/register')
      .send({ email: email.toUpperCase(), password: 'correct horse battery', display_name: 'Ada' })
      .expect(201);
    expect(registered.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(registered.body.user).toMatchObject({ email, display_name: 'Ada', role: 'user', disabled: false });
    expect(registered.body.user).not.toHaveProperty('password_hash');

    const session = await login(t.http, email, 'correct horse battery');
    const me = await t.http.get('/api/auth/me').set(session.auth).expect(200);
    expect(me.body).toMatchObject({ id: registered.body.user.id, email, role: 'user' });

    // Refresh: a new pair; the new access token works.
    const refreshed = await t.http.post('/api/auth/refresh').send({ refresh_token: session.refreshToken }).expect(200);
    expect(refreshed.body.refresh_token).not.toBe(session.refreshToken);
    await t.http.get('/api/auth/me').set(bearer(refreshed.body.access_token)).expect(200);

    // Reusing the old (rotated) refresh token after the grace window is rejected and revokes the family, including
    // the new token. (Within the window a second use shares the successor: accounts/sessions-tabs.e2e-spec.ts.)
    await t.db.query(`UPDATE refresh_tokens SET rotated_at = rotated_at - interval '1 minute' WHERE id = $1`, [
      session.refreshToken.split('.')[0],
    ]);
    const reuse = await t.http.post('/api/auth/refresh').send({ refresh_token: session.refreshToken }).expect(401);
    expect(reuse.body).toEqual({ status: 401, code: 'REFRESH_TOKEN_REUSED', message: expect.any(String) });
    const afterReuse = await t.http.post('/api/auth/refresh').send({ refresh_token: refreshed.body.refresh_token }).expect(401);
    expect(afterReuse.body.code).toBe('INVALID_REFRESH_TOKEN');
    const family = await t.db.query<{ revoked: number; total: number }>(
      `SELECT count(*) FILTER (WHERE revoked_at IS NOT NULL)::int AS revoked, count(*)::int AS total
         FROM refresh_tokens WHERE user_id = $1 AND family_id = (SELECT family_id FROM refresh_tokens WHERE id = $2)`,
      [registered.body.user.id, session.refreshToken.split('.')[0]],
    );
    expect(family[0]).toEqual({ revoked: 2, total: 2 });

    // Another login is a separate family: unaffected. Logout ends it.
    const second = await login(t.http, email, 'correct horse battery');
    const again = await t.http.post('/api/auth/refresh').send({ refresh_token: second.refreshToken }).expect(200);
    await t.http.post('/api/auth/logout').send({ refresh_token: again.body.refresh_token }).expect(204);
    await t.http.post('/api/auth/refresh').send({ refresh_token: again.body.refresh_token }).expect(401);
  });

  it('rejects wrong passwords, unknown emails and duplicate registrations in the error shape', async () => {
    const user = await registerUser(t.http);
    const wrong = await t.http.post('/api/auth/login').send({ email: user.email, password: 'nope-nope-nope' }).expect(401);
    expect(wrong.body).toEqual({ status: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String) });
    await t.http.post('/api/auth/login').send({ email: uniqueEmail(), password: 'whatever-123' }).expect(401);
    const duplicate = await t.http.post('/api/auth/register').send({ email: user.email, password: 'another password' }).expect(409);
    expect(duplicate.body.code).toBe('EMAIL_TAKEN');
  });

  it('rejects forged, malformed and missing access tokens', async () => {
    await t.http.get('/api/auth/me').expect(401);
    await t.http.get('/api/auth/me').set('Authorization', 'Basic abc').expect(401);
    const forged = await t.http.get('/api/auth/me').set(bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).expect(401);
    expect(forged.body.code).toBe('INVALID_TOKEN');
  });

  it('locks out disabled users: no login, no refresh, access token refused', async () => {
    const user = await registerUser(t.http);
    await t.db.query('UPDATE users SET disabled = true WHERE id = $1', [user.userId]);
    const loginAttempt = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password }).expect(403);
    expect(loginAttempt.body.code).toBe('ACCOUNT_DISABLED');
    await t.http.get('/api/auth/me').set(user.auth).expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: user.refreshToken }).expect(401);
  });
});
