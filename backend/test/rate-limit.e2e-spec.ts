import { registerUser, startTestApp, uniqueEmail, type TestApp } from './support';

describe('login rate limiting', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => t?.close());

  it('answers 429 in the error shape after the limit, per IP and email', async () => {
    const user = await registerUser(t.http);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await t.http.post('/api/auth/login').send({ email: user.email, password: 'wrong password' }).expect(401);
    }
    const limited = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password }).expect(429);
    expect(limited.body).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('Try again') });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Another account from the same address is not affected.
    const other = await registerUser(t.http, { email: uniqueEmail('other') });
    await t.http.post('/api/auth/login').send({ email: other.email, password: other.password }).expect(200);
  });
});
