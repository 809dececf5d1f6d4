import { randomBytes } from 'node:crypto';
import { bearer, login, loginAdmin, registerUser, resetTokenOf, startSmtpInbox, startTestApp, uniqueEmail, type SmtpInbox, type TestApp } from '../support';

describe('accounts: password change, admin reset, forgot password by email', () => {
  let t: TestApp;
  let inbox: SmtpInbox;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startTestApp({
      env: { ...inbox.env, PUBLIC_APP_URL: 'https://esy.example.test', REDIS_KEY_PREFIX: `t-passwords-${randomBytes(4).toString('hex')}` },
    });
  });
  afterAll(async () => {
    await t?.close();
    await inbox?.close();
  });

  const refreshes = (token: string) => t.http.post('/api/auth/refresh').send({ refresh_token: token });

  it('changing the password needs the current one, ends the other sessions and keeps this one', async () => {
    const laptop = await registerUser(t.http);
    const phone = await login(t.http, laptop.email, laptop.password);

    const wrong = await t.http
      .post('/api/auth/password')
      .set(laptop.auth)
      .send({ current_password: 'not my password', new_password: 'a brand new secret' })
      .expect(400);
    expect(wrong.body.details).toEqual([{ field: 'current_password', message: 'current_password is incorrect' }]);
    const short = await t.http.post('/api/auth/password').set(laptop.auth).send({ current_password: laptop.password, new_password: 'short' }).expect(400);
    expect(short.body.details[0].field).toBe('new_password');

    await t.http
      .post('/api/auth/password')
      .set(laptop.auth)
      .send({ current_password: laptop.password, new_password: 'a brand new secret' })
      .expect(204);

    // The phone's session is over; the laptop's continues.
    expect((await refreshes(phone.refreshToken).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    const kept = await refreshes(laptop.refreshToken).expect(200);
    await t.http.get('/api/auth/me').set(bearer(kept.body.access_token)).expect(200);

    await t.http.post('/api/auth/login').send({ email: laptop.email, password: laptop.password }).expect(401);
    await login(t.http, laptop.email, 'a brand new secret');
  });

  it('an API key cannot change the password', async () => {
    const user = await registerUser(t.http);
    const key = await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'ci' }).expect(201);
    await t.http
      .post('/api/auth/password')
      .set(bearer(key.body.secret))
      .send({ current_password: user.password, new_password: 'a brand new secret' })
      .expect(403);
  });

  it('an admin reset gives a temporary password that only allows choosing a new one', async () => {
    const admin = await loginAdmin(t.http);
    const user = await registerUser(t.http);
    const other = await registerUser(t.http);
    await t.http.post(`/api/admin/users/${user.userId}/password-reset`).set(other.auth).expect(403);

    const reset = await t.http.post(`/api/admin/users/${user.userId}/password-reset`).set(admin.auth).expect(200);
    const temporary: string = reset.body.temporary_password;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    await refreshes(user.refreshToken).expect(401); // every session ended

    await t.http.post('/api/auth/login').send({ email: user.email, password: user.password }).expect(401);
    const signedIn = await login(t.http, user.email, temporary);
    const me = await t.http.get('/api/auth/me').set(signedIn.auth).expect(200);
    expect(me.body.must_change_password).toBe(true);
    const blocked = await t.http.get('/api/runs').set(signedIn.auth).expect(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');

    await t.http
      .post('/api/auth/password')
      .set(signedIn.auth)
      .send({ current_password: temporary, new_password: 'my own password again' })
      .expect(204);
    await t.http.get('/api/runs').set(signedIn.auth).expect(200);
    expect((await t.http.get('/api/auth/me').set(signedIn.auth).expect(200)).body.must_change_password).toBe(false);
  });

  it('forgot password: a mail with a link that works once, the same answer for unknown addresses', async () => {
    const user = await registerUser(t.http);
    const known = await t.http.post('/api/auth/password/forgot').send({ email: user.email.toUpperCase() }).expect(202);
    const unknown = await t.http.post('/api/auth/password/forgot').send({ email: uniqueEmail('nobody') }).expect(202);
    expect(unknown.body).toEqual(known.body);

    const mail = await inbox.waitFor(user.email);
    expect(mail.raw).toMatch(/^Subject: Choose a new Esy password/m);
    expect(mail.raw).toContain('https://esy.example.test/reset-password?token=');
    const token = resetTokenOf(mail);

    await t.http.post('/api/auth/password/reset').send({ token, new_password: 'reset via email' }).expect(204);
    await refreshes(user.refreshToken).expect(401); // sessions ended
    await login(t.http, user.email, 'reset via email');

    const again = await t.http.post('/api/auth/password/reset').send({ token, new_password: 'second time lucky' }).expect(400);
    expect(again.body.code).toBe('INVALID_RESET_TOKEN');
    await t.http.post('/api/auth/login').send({ email: user.email, password: 'second time lucky' }).expect(401);
    // Only the user's mail went out: nothing to the unknown address.
    expect(inbox.mails.filter((m) => m.to.some((to) => to.startsWith('nobody-')))).toEqual([]);
  });

  it('a reset link expires after its lifetime', async () => {
    const user = await registerUser(t.http);
    await t.http.post('/api/auth/password/forgot').send({ email: user.email }).expect(202);
    const token = resetTokenOf(await inbox.waitFor(user.email));
    await t.db.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.userId]);
    const expired = await t.http.post('/api/auth/password/reset').send({ token, new_password: 'too late now' }).expect(400);
    expect(expired.body.code).toBe('INVALID_RESET_TOKEN');
    const forged = await t.http.post('/api/auth/password/reset').send({ token: 'not-a-token', new_password: 'too late now' }).expect(400);
    expect(forged.body.details[0].field).toBe('token');
  });

  it('forgot password is rate-limited per address and client', async () => {
    const email = uniqueEmail('flood');
    const limit = t.config.auth.loginRateLimit.limit;
    for (let i = 0; i < limit; i++) await t.http.post('/api/auth/password/forgot').send({ email }).expect(202);
    const limited = await t.http.post('/api/auth/password/forgot').send({ email }).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
