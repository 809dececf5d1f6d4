import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from './support';

/**
 * Keyset pages (`next_cursor`) stay stable while rows are inserted: every row that existed when paging began is
 * returned exactly once, where offset paging over a newest-first list would repeat rows.
 */
const NEW_WORDS = ['kin', 'lore', 'mirth', 'quill', 'verve', 'zeal'];

describe('cursor pagination', () => {
  let t: TestApp;
  let user: Session;
  let admin: Session;
  let specId: string;
  let seedRunId: string;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.http);
    admin = await loginAdmin(t.http);
    const { workflows } = (await t.http.get('/api/workflows').set(user.auth).expect(200)).body;
    specId = workflows[0].active_spec_id;
    seedRunId = (await t.http.post('/api/runs').set(user.auth).send({ spec_id: specId, intent: { word: 'kith' } }).expect(201)).body.run.id;
  });
  afterAll(() => t?.close());

  /** Copies the seed run as a new row of the same user (`created_at` given, or now). */
  async function cloneRun(createdAt: string | null): Promise<string> {
    const rows = await t.db.query<{ id: string }>(
      `INSERT INTO runs SELECT (jsonb_populate_record(NULL::runs, to_jsonb(r) || jsonb_build_object(
         'id', gen_random_uuid(), 'project_slug', 'clone-' || substr(md5(random()::text), 1, 12),
         'created_at', coalesce($2::timestamptz, clock_timestamp())))).* FROM runs r WHERE r.id = $1 RETURNING id`,
      [seedRunId, createdAt],
    );
    return rows[0].id;
  }

  async function pageThrough(path: string, session: Session, listKey: string, onPage: () => Promise<void>) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const { body } = await t.http.get(`${path}${query}`).set(session.auth).expect(200);
      seen.push(...body[listKey].map((row: { id: string }) => row.id));
      expect(body.has_more).toBe(body.next_cursor !== null);
      cursor = body.next_cursor;
      pages += 1;
      await onPage();
    } while (cursor && pages < 50);
    return { seen, pages };
  }

  it('returns every pre-existing run exactly once while runs are created between pages', async () => {
    // 17 runs sharing one timestamp (the id breaks the tie) and 6 spread over time, plus the seed run.
    const sameInstant = '2026-01-01 10:00:00.123456+00';
    for (let i = 0; i < 17; i += 1) await cloneRun(sameInstant);
    for (let i = 0; i < 6; i += 1) await cloneRun(`2026-01-0${i + 2} 09:00:00+00`);
    const before = (await t.db.query<{ id: string }>('SELECT id FROM runs WHERE user_id = $1', [user.userId])).map((r) => r.id);
    expect(before).toHaveLength(24);

    let inserted = 0;
    const { seen, pages } = await pageThrough('/api/runs?limit=5', user, 'runs', async () => {
      // Concurrent writers: a run started through the API and a row inserted directly, after every page.
      await Promise.all([
        t.http.post('/api/runs').set(user.auth).send({ spec_id: specId, intent: { word: NEW_WORDS[inserted / 2] } }).expect(201),
        cloneRun(null),
      ]);
      inserted += 2;
    });
    expect(pages).toBe(5);
    expect(seen).toHaveLength(before.length);
    expect(new Set(seen)).toEqual(new Set(before));

    // The admin list pages the same way (everyone's runs; the user's inserted runs are newer than the first page).
    const all = (await t.db.query<{ id: string }>('SELECT id FROM runs')).map((r) => r.id);
    const adminPages = await pageThrough('/api/admin/runs?limit=7', admin, 'runs', async () => {
      await cloneRun(null);
    });
    expect(adminPages.seen).toHaveLength(all.length);
    expect(new Set(adminPages.seen)).toEqual(new Set(all));
  });

  it('pages users oldest first and templates in catalogue order with cursors', async () => {
    for (let i = 0; i < 4; i += 1) await registerUser(t.http);
    const users = (await t.db.query<{ id: string }>('SELECT id FROM users')).map((r) => r.id);
    const userPages = await pageThrough('/api/admin/users?limit=2', admin, 'users', async () => {
      await registerUser(t.http); // lands after the last page: seen at the end, never twice
    });
    expect(new Set(userPages.seen).size).toBe(userPages.seen.length);
    expect(userPages.seen.slice(0, users.length).sort()).toEqual([...users].sort());

    const templates = (await t.db.query<{ id: string }>('SELECT id FROM workflow_templates')).map((r) => r.id);
    const templatePages = await pageThrough('/api/admin/templates?limit=1&include_archived=true', admin, 'templates', async () => undefined);
    expect(templatePages.seen.sort()).toEqual([...templates].sort());
  });

  it('keeps limit and offset, and refuses a cursor it did not issue', async () => {
    const first = (await t.http.get('/api/runs?limit=3&offset=0').set(user.auth).expect(200)).body;
    expect(first).toMatchObject({ has_more: true, next_cursor: expect.any(String), total: expect.any(Number) });
    const third = (await t.http.get('/api/runs?limit=1&offset=2').set(user.auth).expect(200)).body;
    expect(third.runs[0].id).toBe(first.runs[2].id);

    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    const refused = await t.http.get(`/api/runs?cursor=${forged}`).set(user.auth).expect(400);
    expect(refused.body.details).toEqual([{ field: 'cursor', message: expect.stringContaining('next_cursor') }]);
    await t.http.get('/api/admin/templates?cursor=not*base64').set(admin.auth).expect(400);
  });
});
