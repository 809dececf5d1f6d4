import { createTestDatabase, startTestApp, type TestApp } from './support';

describe('health', () => {
  it('live and ready when PostgreSQL, Redis and migrations are fine', async () => {
    const t = await startTestApp();
    try {
      const live = await t.http.get('/api/health').set('X-Request-Id', 'probe-42').expect(200);
      expect(live.body).toMatchObject({ status: 'ok' });
      // The caller's request id is echoed (and logged); a fresh one is generated otherwise.
      expect(live.headers['x-request-id']).toBe('probe-42');
      expect((await t.http.get('/api/health')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const ready = await t.http.get('/api/health/ready').expect(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up', migrations: 'up' } });
    } finally {
      await t.close();
    }
  });

  it('not ready (503, error shape) when Redis is unreachable or migrations are pending; still live', async () => {
    const db = await createTestDatabase();
    let t: TestApp | undefined;
    try {
      t = await startTestApp({
        db,
        env: { REDIS_URL: 'redis://127.0.0.1:1', DATABASE_MIGRATIONS_RUN: 'false', SEED_ON_START: 'false' },
      });
      await t.http.get('/api/health').expect(200);
      const ready = await t.http.get('/api/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 503, code: 'NOT_READY', message: expect.stringContaining('redis') });
      expect(ready.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['migrations', 'redis']);
    } finally {
      await t?.close();
      await db.drop();
    }
  });
});
