import { createTestDatabase, startTestApp } from './support';
(async () => {
  const db = await createTestDatabase();
  const t0 = Date.now();
  const log = (m: string) => console.log(`${Date.now() - t0}ms ${m}`);
  try {
    log('starting');
    const t = await startTestApp({ db, env: { REDIS_URL: 'redis://127.0.0.1:1', DATABASE_MIGRATIONS_RUN: 'false', SEED_ON_START: 'false' } });
    log('started');
    const r = await t.http.get('/api/health/ready');
    log(`ready ${r.status}`);
    await t.close();
    log('closed');
  } finally { await db.drop(); log('dropped'); process.exit(0); }
})();
