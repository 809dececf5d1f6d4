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

describe('API rate limits on every route', () => {
  let t: TestApp;
  const policy = (response: { headers: Record<string, string> }) => response.headers['ratelimit-policy'];
  const remaining = (response: { headers: Record<string, string> }) => Number(/;r=(\d+)/.exec(response.headers.ratelimit)?.[1]);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_USER: '6',
        RATE_LIMIT_API_KEY: '4',
        RATE_LIMIT_IP: '8',
        RATE_LIMIT_WINDOW_SECONDS: '120',
        LOGIN_RATE_LIMIT: '1000',
        // Own counters: other suites on this machine share 127.0.0.1 and this Redis.
        REDIS_KEY_PREFIX: `esy-rl-${process.pid}-${Date.now()}`,
        CORS_ORIGINS: 'http://app.example.test',
      },
    });
  });
  afterAll(() => t?.close());

  it('counts per user and per API key separately, with standard headers, and answers 429 with Retry-After', async () => {
    const user = await registerUser(t.http); // 1 IP request
    const first = await t.http.get('/api/auth/me').set(user.auth).expect(200);
    expect(policy(first)).toBe('"user";q=6;w=120');
    expect(first.headers.ratelimit).toMatch(/^"user";r=5;t=\d+$/);

    // A key of the same user has its own budget.
    const key = (await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'ci' }).expect(201)).body.secret as string;
    for (let i = 0; i < 4; i += 1) {
      const response = await t.http.get('/api/auth/me').set('X-API-Key', key).expect(200);
      expect(policy(response)).toBe('"api_key";q=4;w=120');
      expect(remaining(response)).toBe(3 - i);
    }
    const limited = await t.http.get('/api/auth/me').set('X-API-Key', key).expect(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(limited.headers.ratelimit).toBe(`"api_key";r=0;t=${retryAfter}`);

    // The user's session is unaffected by the key's exhaustion (2 of 6 spent: me + key creation).
    const still = await t.http.get('/api/workflows').set(user.auth).expect(200);
    expect(remaining(still)).toBe(3);

    // Another user is counted apart.
    const other = await registerUser(t.http); // 2nd IP request
    const otherMe = await t.http.get('/api/auth/me').set(other.auth).expect(200);
    expect(remaining(otherMe)).toBe(5);

    // The user runs out too, on any route.
    for (let i = 0; i < 3; i += 1) await t.http.get('/api/runs').set(user.auth).expect(200);
    const userLimited = await t.http.get('/api/runs').set(user.auth).expect(429);
    expect(Number(userLimited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts anonymous callers and failed authentication per IP', async () => {
    // 2 IP requests were spent above (registrations); this test spends the remaining 6, then the 7th is refused.
    await t.http.get('/api/health').expect((r) => expect(policy(r)).toBe('"ip";q=8;w=120'));
    for (let i = 0; i < 3; i += 1) await t.http.get('/api/auth/me').set('Authorization', 'Bearer not-a-token').expect(401);
    await t.http.get('/api/auth/me').set('X-API-Key', 'esy_guess_aaaaaaaaaaaaaaaaaaaaaaaa').expect(401);
    const last = await t.http.get('/api/health');
    expect(remaining(last)).toBe(0);
    const refused = await t.http.get('/api/auth/me').set('Authorization', 'Bearer not-a-token').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets browsers read the headers (CORS)', async () => {
    const user = await t.http.get('/api/health').set('Origin', 'http://app.example.test');
    const exposed = (user.headers['access-control-expose-headers'] ?? '').split(',').map((h: string) => h.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['ratelimit', 'ratelimit-policy', 'retry-after']));
  });
});
