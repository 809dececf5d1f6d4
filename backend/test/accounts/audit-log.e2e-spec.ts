import { randomBytes } from 'node:crypto';
import { bearer, loginAdmin, registerUser, startTestApp, uniqueEmail, type Session, type TestApp } from '../support';

interface AuditRow {
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  target_id: string | null;
  target_label: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string | null;
  ip: string | null;
}

describe('accounts: the audit log', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3', WEBHOOK_BLOCK_PRIVATE_ADDRESSES: 'false', REDIS_KEY_PREFIX: `t-audit-${randomBytes(4).toString('hex')}` } });
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t?.close());

  /** Runs `action` and returns the audit rows it added (there must be exactly one). */
  async function onlyRowOf(action: () => Promise<unknown>): Promise<AuditRow> {
    const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    await action();
    const rows = await t.db.query<AuditRow>(
      `SELECT action, actor_id, actor_email, target_id, target_label, before, after, request_id, ip
         FROM audit_events ORDER BY created_at DESC, id DESC LIMIT (SELECT count(*) FROM audit_events) - $1`,
      [before],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  it('records each administrative change once, with the right actor, and never a provider key', async () => {
    const user = await registerUser(t.http);
    const byAdmin = { actor_id: admin.userId, actor_email: admin.email };

    const role = await onlyRowOf(() => t.http.put(`/api/admin/users/${user.userId}`).set(admin.auth).set('X-Request-Id', 'req-role-1').send({ role: 'admin' }).expect(200));
    expect(role).toMatchObject({ ...byAdmin, action: 'user.updated', target_id: user.userId, target_label: user.email, before: { role: 'user' }, after: { role: 'admin' }, request_id: 'req-role-1' });
    expect(role.ip).toEqual(expect.any(String));

    const disabled = await onlyRowOf(() => t.http.put(`/api/admin/users/${user.userId}`).set(admin.auth).send({ disabled: true }).expect(200));
    expect(disabled).toMatchObject({ ...byAdmin, action: 'user.updated', before: { disabled: false }, after: { disabled: true } });

    const reset = await onlyRowOf(() => t.http.post(`/api/admin/users/${user.userId}/password-reset`).set(admin.auth).expect(200));
    expect(reset).toMatchObject({ ...byAdmin, action: 'user.password_reset', target_id: user.userId });

    const settings = await onlyRowOf(() => t.http.put('/api/admin/settings').set(admin.auth).send({ max_attempts: 5 }).expect(200));
    expect(settings).toMatchObject({ ...byAdmin, action: 'settings.updated', after: { max_attempts: 5 } });
    const shown = await t.http.get('/api/admin/settings').set(admin.auth).expect(200);
    expect(shown.body).toMatchObject({ updated_by_id: admin.userId, updated_by_name: 'Administrator' });

    const key = `sk-test-${randomBytes(12).toString('hex')}`;
    const provider = await onlyRowOf(() => t.http.put('/api/admin/providers/openai').set(admin.auth).send({ api_key: key }).expect(200));
    expect(provider).toMatchObject({ ...byAdmin, action: 'provider.updated', target_id: 'openai', after: { api_key: 'set' } });
    const anywhere = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE before::text LIKE $1 OR after::text LIKE $1`, [`%${key}%`]);
    expect(anywhere[0].n).toBe(0);

    const ssoSecret = `sso-secret-${randomBytes(8).toString('hex')}`;
    const sso = await onlyRowOf(() => t.http.put('/api/admin/sso').set(admin.auth).send({ display_name: 'Acme Login', client_secret: ssoSecret }).expect(200));
    expect(sso).toMatchObject({ ...byAdmin, action: 'settings.sso_updated', target_id: 'sso', after: { display_name: 'Acme Login', client_secret: 'set' } });
    expect(JSON.stringify(sso)).not.toContain(ssoSecret);

    const model = await onlyRowOf(() => t.http.put('/api/admin/models/gpt-4o').set(admin.auth).send({ tier: 'low' }).expect(200));
    expect(model).toMatchObject({ ...byAdmin, action: 'model.updated', target_id: 'gpt-4o', after: { tier: 'low' } });

    const slug = `audit-${randomBytes(3).toString('hex')}`;
    let templateId = '';
    const template = await onlyRowOf(async () => {
      const created = await t.http.post('/api/admin/templates').set(admin.auth).send({ slug, name: 'Audited', type: 'research' }).expect(201);
      templateId = created.body.id;
    });
    expect(template).toMatchObject({ ...byAdmin, action: 'template.created', target_id: templateId, target_label: 'Audited' });

    const spec = await onlyRowOf(() =>
      t.http
        .post('/api/admin/specs')
        .set(admin.auth)
        .send({
          template_id: templateId,
          version: '1.0.0',
          intent_schema: [{ key: 'word', label: 'Word', type: 'string', required: true }],
          stages: [{ gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake-orchestrator', estimates: { input_tokens: 1000, output_tokens: 500 } }],
        })
        .expect(201),
    );
    expect(spec).toMatchObject({ ...byAdmin, action: 'spec.published', target_id: templateId, after: { version: '1.0.0' } });

    let webhookId = '';
    let signingSecret = '';
    const hook = await onlyRowOf(async () => {
      const created = await t.http.post('/api/webhooks').set(admin.auth).send({ url: 'http://127.0.0.1:9/hook', events: ['run_completed'] }).expect(201);
      webhookId = created.body.id;
      signingSecret = created.body.secret;
    });
    expect(hook).toMatchObject({ ...byAdmin, action: 'webhook.created', target_id: webhookId, after: { url: 'http://127.0.0.1:9/hook', events: ['run_completed'] } });
    expect(JSON.stringify(hook)).not.toContain(signingSecret);
    const removed = await onlyRowOf(() => t.http.delete(`/api/webhooks/${webhookId}`).set(admin.auth).expect(204));
    expect(removed).toMatchObject({ ...byAdmin, action: 'webhook.removed', target_id: webhookId });
  });

  it('records sign-in failures and one lockout per blocked window', async () => {
    const user = await registerUser(t.http);
    const failed = await onlyRowOf(() => t.http.post('/api/auth/login').send({ email: user.email, password: 'wrong password' }).expect(401));
    expect(failed).toMatchObject({ action: 'auth.sign_in_failed', actor_id: null, target_id: user.userId, after: { reason: 'wrong_password' } });

    const stranger = uniqueEmail('stranger');
    for (let i = 0; i < 3; i++) await t.http.post('/api/auth/login').send({ email: stranger, password: 'guess guess' }).expect(401);
    const lockout = await onlyRowOf(() => t.http.post('/api/auth/login').send({ email: stranger, password: 'guess guess' }).expect(429));
    expect(lockout).toMatchObject({ action: 'auth.locked_out', target_label: stranger });
    // Further refused attempts in the same window add nothing.
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    await t.http.post('/api/auth/login').send({ email: stranger, password: 'guess guess' }).expect(429);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events'))[0].n).toBe(n);
  });

  it('lists events for admins only, filtered and page by page without gaps or repeats', async () => {
    const user = await registerUser(t.http);
    await t.http.get('/api/admin/audit').set(user.auth).expect(403);
    await t.http.get('/api/admin/audit').expect(401);

    for (const name of ['A', 'B', 'C', 'D', 'E']) await t.http.put(`/api/admin/users/${user.userId}`).set(admin.auth).send({ display_name: name }).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { events: Array<{ id: string; after: { display_name: string } }>; next_cursor: string | null } } = await t.http
        .get('/api/admin/audit')
        .query({ target_id: user.userId, action: 'user.', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin.auth)
        .expect(200);
      seen.push(...page.body.events.map((event) => event.after.display_name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['E', 'D', 'C', 'B', 'A']);

    const byActor = await t.http.get('/api/admin/audit').query({ actor_id: admin.userId, action: 'settings.updated' }).set(admin.auth).expect(200);
    expect(byActor.body.events.every((event: { action: string }) => event.action === 'settings.updated')).toBe(true);
    const bad = await t.http.get('/api/admin/audit').query({ cursor: 'nonsense', actor_id: 'x' }).set(admin.auth).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['actor_id']);
    await t.http.get('/api/admin/audit').query({ cursor: 'bm9uc2Vuc2U' }).set(bearer(admin.accessToken)).expect(400);
  });

  it('is append-only: the database refuses to change or delete a row', async () => {
    await expect(t.db.query(`UPDATE audit_events SET action = 'nothing'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });
});
