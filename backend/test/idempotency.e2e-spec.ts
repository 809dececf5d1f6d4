import { randomUUID } from 'node:crypto';
import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from './support';

/** `Idempotency-Key` on creating POSTs: a retried request returns the first response and creates nothing. */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let user: Session;
  let other: Session;
  let specId: string;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.http);
    other = await registerUser(t.http);
    const { workflows } = (await t.http.get('/api/workflows').set(user.auth).expect(200)).body;
    specId = workflows[0].active_spec_id;
  });
  afterAll(() => t?.close());

  const runsOf = async (userId: string) =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM runs WHERE user_id = $1', [userId]))[0].n;
  const startRun = (session: Session, key: string, word = 'kith') =>
    t.http.post('/api/runs').set(session.auth).set('Idempotency-Key', key).send({ spec_id: specId, intent: { word } });

  it('same key and body twice: one run, the same response replayed', async () => {
    const key = randomUUID();
    const before = await runsOf(user.userId);
    const first = await startRun(user, key).expect(201);
    const again = await startRun(user, key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await runsOf(user.userId)).toBe(before + 1);
  });

  it('same key, different body: 422 IDEMPOTENCY_KEY_REUSED, nothing created', async () => {
    const key = randomUUID();
    await startRun(user, key, 'kith').expect(201);
    const before = await runsOf(user.userId);
    const reused = await startRun(user, key, 'kin').expect(422);
    expect(reused.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await runsOf(user.userId)).toBe(before);
  });

  it('keys are per user: another user with the same key gets their own run', async () => {
    const key = randomUUID();
    const mine = await startRun(user, key).expect(201);
    const theirs = await startRun(other, key).expect(201);
    expect(theirs.body.run.id).not.toBe(mine.body.run.id);
  });

  it('concurrent requests with one key create one run', async () => {
    const key = randomUUID();
    const before = await runsOf(user.userId);
    const answers = await Promise.all([startRun(user, key), startRun(user, key), startRun(user, key)]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.run.id));
    expect(ids.size).toBe(1);
    for (const busy of answers.filter((a) => a.status === 409)) expect(busy.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(await runsOf(user.userId)).toBe(before + 1);
  });

  it('a failed request frees its key; an expired key starts over', async () => {
    const key = randomUUID();
    await t.http.post('/api/runs').set(user.auth).set('Idempotency-Key', key).send({ spec_id: randomUUID(), intent: { word: 'x' } }).expect(404);
    await startRun(user, key).expect(201);

    await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    const before = await runsOf(user.userId);
    const fresh = await startRun(user, key, 'another word').expect(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await runsOf(user.userId)).toBe(before + 1);
  });

  it('works on other creating POSTs (templates) and refuses a malformed key', async () => {
    const admin = await loginAdmin(t.http);
    const key = randomUUID();
    const template = { slug: `idem-${key.slice(0, 8)}`, name: 'Idempotent', type: 'research' };
    const first = await t.http.post('/api/admin/templates').set(admin.auth).set('Idempotency-Key', key).send(template).expect(201);
    const again = await t.http.post('/api/admin/templates').set(admin.auth).set('Idempotency-Key', key).send(template).expect(201);
    expect(again.body.id).toBe(first.body.id);
    const bad = await startRun(user, 'x'.repeat(256)).expect(400);
    expect(bad.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('255') }]);
  });

  it('is documented on the creating operations', async () => {
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    const create = document.paths['/api/runs'].post;
    expect(create.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['409', '422']));
    // Responses that carry a secret shown once (API keys) are never stored, so those routes are not idempotent.
    expect(document.paths['/api/auth/api-keys'].post.parameters ?? []).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key' })]),
    );
  });
});
