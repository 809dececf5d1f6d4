import { randomBytes } from 'node:crypto';
import { PlatformSettings } from '../src/engine/platform-settings';
import { PG, type Pg } from '../src/database/pg';
import {
  createOrchestrationFixture,
  fixtureWorkflow,
  login,
  loginAdmin,
  registerUser,
  startTestApp,
  uniqueEmail,
  type OrchestrationFixture,
  type Session,
  type TestApp,
} from './support';

describe('admin: platform settings and users', () => {
  let fixture: OrchestrationFixture;
  let t: TestApp;
  let admin: Session;
  let user: Session;

  beforeAll(async () => {
    fixture = createOrchestrationFixture();
    // No budget in the spec, so a new run takes the platform default.
    fixture.writeWorkflow(fixtureWorkflow({ cost_profile: {} }));
    t = await startTestApp({
      env: {
        ORCHESTRATION_DIR: fixture.dir,
        REDIS_KEY_PREFIX: `t-admin-set-${randomBytes(4).toString('hex')}`,
        ESY_SIMULATOR_LATENCY_MS: '250',
      },
    });
    admin = await loginAdmin(t.http);
    user = await registerUser(t.http);
  });
  afterAll(async () => {
    await t?.close();
    fixture?.remove();
  });

  describe('settings', () => {
    it('starts from the built-in and environment defaults', async () => {
      const response = await t.http.get('/api/admin/settings').set(admin.auth).expect(200);
      expect(response.body).toEqual({
        max_attempts: 3,
        escalate_on_retry: false,
        default_run_budget_usd: null,
        infra_retry_limit: null,
        infra_retry_limit_default: 10,
        simulation_enabled: true,
        simulator_latency_ms: 250,
        simulator_fail_rate: 0,
        updated_at: null,
        updated_by_id: null,
        updated_by_name: null,
      });
    });

    it('round-trips a change, and the run engine reads the same values (a new run gets the default budget)', async () => {
      const put = await t.http
        .put('/api/admin/settings')
        .set(admin.auth)
        .send({ max_attempts: 5, escalate_on_retry: true, default_run_budget_usd: '7.5', simulator_fail_rate: 0.25 })
        .expect(200);
      expect(put.body).toMatchObject({
        max_attempts: 5,
        escalate_on_retry: true,
        default_run_budget_usd: '7.50',
        simulation_enabled: true,
        simulator_latency_ms: 250,
        simulator_fail_rate: 0.25,
        updated_by_id: admin.userId,
      });
      expect((await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body).toEqual(put.body);

      const engineView = await new PlatformSettings(t.app.get<Pg>(PG)).runSettings();
      expect(engineView).toEqual({ defaultBudgetUsd: '7.50', defaultMaxAttempts: 5, escalateOnRetry: true, infraRetryLimit: null });

      const { workflows } = (await t.http.get('/api/workflows').set(user.auth).expect(200)).body;
      const specId = workflows.find((w: { slug: string }) => w.slug === 'demo-essay').active_spec_id;
      const run = await t.http.post('/api/runs').set(user.auth).send({ spec_id: specId, intent: { word: 'kith' } }).expect(201);
      const [row] = await t.db.query<{ budget_usd: string }>('SELECT budget_usd::text FROM runs WHERE id = $1', [run.body.run.id]);
      expect(Number(row.budget_usd)).toBe(7.5);

      // null clears the default budget; the other values stay.
      const cleared = await t.http.put('/api/admin/settings').set(admin.auth).send({ default_run_budget_usd: null }).expect(200);
      expect(cleared.body).toMatchObject({ default_run_budget_usd: null, max_attempts: 5 });
    });

    it('sets the infrastructure retry budget the engine reads, and null returns to the server default', async () => {
      // Engines cache the settings for 5 s; a fresh reader sees what every worker applies within that time.
      const engineView = () => new PlatformSettings(t.app.get<Pg>(PG)).runSettings();
      const set = await t.http.put('/api/admin/settings').set(admin.auth).send({ infra_retry_limit: 25 }).expect(200);
      expect(set.body).toMatchObject({ infra_retry_limit: 25, infra_retry_limit_default: 10 });
      expect((await engineView()).infraRetryLimit).toBe(25);

      await t.http.put('/api/admin/settings').set(admin.auth).send({ infra_retry_limit: 1001 }).expect(400);
      await t.http.put('/api/admin/settings').set(admin.auth).send({ infra_retry_limit: 2.5 }).expect(400);
      const reset = await t.http.put('/api/admin/settings').set(admin.auth).send({ infra_retry_limit: null }).expect(200);
      expect(reset.body.infra_retry_limit).toBeNull();
      expect((await engineView()).infraRetryLimit).toBeNull();
    });

    it('rejects bad values field by field and changes nothing', async () => {
      const before = (await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body;
      const response = await t.http
        .put('/api/admin/settings')
        .set(admin.auth)
        .send({ max_attempts: 0, simulator_fail_rate: 2, default_run_budget_usd: 'lots', simulator_latency_ms: -1, escalate_on_retry: 'yes', colour: 'red' })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const fields = [...new Set(response.body.details.map((detail: { field: string }) => detail.field))].sort();
      expect(fields).toEqual(['colour', 'default_run_budget_usd', 'escalate_on_retry', 'max_attempts', 'simulator_fail_rate', 'simulator_latency_ms']);
      await t.http.put('/api/admin/settings').set(admin.auth).send({ max_attempts: 11 }).expect(400);
      expect((await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body).toEqual(before);
    });
  });

  describe('users', () => {
    it('lists users page by page and searches by email or name', async () => {
      const marker = `pager${randomBytes(3).toString('hex')}`;
      const created = [];
      for (let i = 0; i < 3; i += 1) created.push(await registerUser(t.http, { email: uniqueEmail(marker) }));
      const first = await t.http.get('/api/admin/users').query({ search: marker, limit: 2 }).set(admin.auth).expect(200);
      expect(first.body.total).toBe(3);
      expect(first.body.users).toHaveLength(2);
      const second = await t.http.get('/api/admin/users').query({ search: marker, limit: 2, offset: 2 }).set(admin.auth).expect(200);
      expect(second.body.users).toHaveLength(1);
      const ids = [...first.body.users, ...second.body.users].map((u: { id: string }) => u.id).sort();
      expect(ids).toEqual(created.map((s) => s.userId).sort());
      expect(JSON.stringify(first.body)).not.toMatch(/password_hash|passwordHash|argon2/i);
      await t.http.get('/api/admin/users').query({ limit: 0 }).set(admin.auth).expect(400);
    });

    it('an admin cannot demote or disable themselves', async () => {
      for (const change of [{ role: 'user' }, { disabled: true }]) {
        const response = await t.http.put(`/api/admin/users/${admin.userId}`).set(admin.auth).send(change).expect(409);
        expect(response.body.code).toBe('SELF_LOCKOUT');
      }
      const [row] = await t.db.query<{ role: string; disabled: boolean }>('SELECT role, disabled FROM users WHERE id = $1', [admin.userId]);
      expect(row).toEqual({ role: 'admin', disabled: false });
      // Harmless self-edits still work.
      await t.http.put(`/api/admin/users/${admin.userId}`).set(admin.auth).send({ display_name: 'The Admin' }).expect(200);
    });

    it('a disabled user is locked out everywhere: token, refresh, login and API keys; re-enabling lets them back', async () => {
      const victim = await registerUser(t.http);
      const key = await t.http.post('/api/auth/api-keys').set(victim.auth).send({ name: 'integration' }).expect(201);
      await t.http.get('/api/auth/me').set('X-API-Key', key.body.secret).expect(200);

      const disabled = await t.http.put(`/api/admin/users/${victim.userId}`).set(admin.auth).send({ disabled: true }).expect(200);
      expect(disabled.body).toMatchObject({ id: victim.userId, disabled: true });

      await t.http.get('/api/auth/me').set(victim.auth).expect(401);
      await t.http.get('/api/auth/me').set('X-API-Key', key.body.secret).expect(401);
      await t.http.post('/api/auth/refresh').send({ refresh_token: victim.refreshToken }).expect(401);
      const loginAttempt = await t.http.post('/api/auth/login').send({ email: victim.email, password: victim.password });
      expect(loginAttempt.status).toBe(403);
      expect(loginAttempt.body.code).toBe('ACCOUNT_DISABLED');

      await t.http.put(`/api/admin/users/${victim.userId}`).set(admin.auth).send({ disabled: false }).expect(200);
      const back = await login(t.http, victim.email, victim.password);
      await t.http.get('/api/auth/me').set(back.auth).expect(200);
    });

    it('promotion takes effect at once; non-admins get 403 on the user routes', async () => {
      const other = await registerUser(t.http);
      await t.http.get('/api/admin/users').set(user.auth).expect(403);
      await t.http.put(`/api/admin/users/${other.userId}`).set(user.auth).send({ role: 'admin' }).expect(403);
      await t.http.put(`/api/admin/users/${user.userId}`).set(user.auth).send({ role: 'admin' }).expect(403);
      await t.http.put(`/api/admin/users/${other.userId}`).set(admin.auth).send({ role: 'admin' }).expect(200);
      await t.http.get('/api/admin/settings').set(other.auth).expect(200);
      await t.http.put(`/api/admin/users/${other.userId}`).set(admin.auth).send({ role: 'superuser' }).expect(400);
    });
  });
});
