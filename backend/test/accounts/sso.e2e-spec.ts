import { randomBytes } from 'node:crypto';
import { bearer, login, loginAdmin, registerUser, startTestApp, type Session, type TestApp } from '../support';
import { type OidcTestProvider, signInAtProvider, startOidcProvider } from '../support/oidc-test-provider';

const USER_APP = 'http://localhost:4310';
const ADMIN_APP = 'http://localhost:4311';
const callbackOf = (app: string) => `${app}/api/auth/sso/callback`;

interface AuditRow {
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  target_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('accounts: single sign-on with OpenID Connect against a real provider', () => {
  let t: TestApp;
  let idp: OidcTestProvider;
  let admin: Session;

  beforeAll(async () => {
    idp = await startOidcProvider([callbackOf(USER_APP), callbackOf(ADMIN_APP)]);
    t = await startTestApp({
      env: { PUBLIC_APP_URL: USER_APP, PUBLIC_ADMIN_URL: ADMIN_APP, REDIS_KEY_PREFIX: `t-sso-${randomBytes(4).toString('hex')}` },
    });
    admin = await loginAdmin(t.http);
    await t.http
      .put('/api/admin/sso')
      .set(admin.auth)
      .send({
        enabled: true,
        issuer_url: idp.issuer,
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        display_name: 'Acme Login',
        allowed_domains: ['acme.test'],
        scopes: 'openid email profile groups',
        role_claim: 'groups',
        admin_values: ['esy-admins'],
      })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });
  afterEach(() => {
    idp.forgeAudience = null;
  });

  /** A person at the provider; `login` is what they type there (and their subject). */
  function person(label: string, claims: { domain?: string; verified?: boolean; groups?: string[] } = {}) {
    const login = `${label}-${randomBytes(4).toString('hex')}`;
    const email = `${login}@${claims.domain ?? 'acme.test'}`;
    idp.accounts.set(login, { email, email_verified: claims.verified ?? true, name: `${label} Example`, groups: claims.groups ?? [] });
    return { login, email };
  }

  /** Start → provider sign-in and consent → callback, as a browser would; returns where the callback sends it. */
  async function signIn(login: string, app = USER_APP): Promise<URL> {
    const start = await t.http.get(`/api/auth/sso/start?app=${app === ADMIN_APP ? 'admin' : 'user'}`).expect(302);
    const cookie = String(start.headers['set-cookie'][0]).split(';')[0];
    expect(start.headers.location.startsWith(`${idp.issuer}/`)).toBe(true);
    const back = await signInAtProvider(start.headers.location, login, callbackOf(app));
    const callback = await t.http.get(back.pathname + back.search).set('Cookie', cookie).expect(302);
    return new URL(callback.headers.location);
  }

  async function exchange(landing: URL) {
    const code = new URLSearchParams(landing.hash.slice(1)).get('sso_code');
    expect(code).toEqual(expect.any(String));
    return (await t.http.post('/api/auth/sso/exchange').send({ code }).expect(200)).body as { access_token: string; user: { id: string; email: string; role: string } };
  }

  async function auditRowsSince(count: number): Promise<AuditRow[]> {
    return t.db.query<AuditRow>(
      `SELECT action, actor_id, actor_email, target_id, before, after FROM audit_events ORDER BY created_at DESC, id DESC
        LIMIT (SELECT count(*) FROM audit_events) - $1`,
      [count],
    );
  }
  const auditCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events'))[0].n;

  it('tells the sign-in pages its name; the settings never show the secret', async () => {
    expect((await t.http.get('/api/auth/sso').expect(200)).body).toEqual({ enabled: true, display_name: 'Acme Login', local_passwords: true });
    const settings = await t.http.get('/api/admin/sso').set(admin.auth).expect(200);
    expect(settings.body).toMatchObject({ enabled: true, client_secret_set: true, redirect_uris: [callbackOf(USER_APP), callbackOf(ADMIN_APP)], updated_by_name: 'Administrator' });
    expect(JSON.stringify(settings.body)).not.toContain(idp.clientSecret);
    const stored = await t.db.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'sso'`);
    expect(JSON.stringify(stored)).not.toContain(idp.clientSecret);
  });

  it('first sign-in creates the user with the mapped role; the next one signs in the same user', async () => {
    const ada = person('ada', { groups: ['staff', 'esy-admins'] });
    const before = await auditCount();
    const landing = await signIn(ada.login);
    expect(landing.origin + landing.pathname).toBe(`${USER_APP}/sign-in`);
    const first = await exchange(landing);
    expect(first.user).toMatchObject({ email: ada.email, role: 'admin' });
    const me = await t.http.get('/api/auth/me').set(bearer(first.access_token)).expect(200);
    expect(me.body).toMatchObject({ id: first.user.id, display_name: 'ada Example' });
    const [created] = await auditRowsSince(before);
    expect(created).toMatchObject({ action: 'auth.sso_user_created', actor_id: first.user.id, actor_email: ada.email, after: { issuer: idp.issuer, role: 'admin' } });

    const count = await auditCount();
    const second = await exchange(await signIn(ada.login));
    expect(second.user.id).toBe(first.user.id);
    const rows = await auditRowsSince(count);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'auth.sso_signed_in', actor_id: first.user.id });
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [ada.email])).toHaveLength(1);

    // Without an admin value in the claim, a new user is a plain user.
    const bo = person('bo', { groups: ['staff'] });
    expect((await exchange(await signIn(bo.login))).user.role).toBe('user');
  });

  it('links an existing local account with the same verified email, never an unverified one', async () => {
    const local = await registerUser(t.http, { email: `carol-${randomBytes(4).toString('hex')}@acme.test` });
    const carol = `carol-${randomBytes(4).toString('hex')}`;

    idp.accounts.set(carol, { email: local.email, email_verified: false });
    const unverified = await signIn(carol);
    expect(unverified.searchParams.get('sso_error')).toBe('SSO_EMAIL_UNVERIFIED');
    expect(await t.db.query('SELECT 1 FROM sso_identities WHERE user_id = $1', [local.userId])).toHaveLength(0);

    idp.accounts.set(carol, { email: local.email.toUpperCase(), email_verified: true });
    const count = await auditCount();
    const linked = await exchange(await signIn(carol));
    expect(linked.user.id).toBe(local.userId);
    const rows = await auditRowsSince(count);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'auth.sso_account_linked', actor_id: local.userId, target_id: local.userId });
    // The password still works for the linked account (local passwords are on).
    await login(t.http, local.email, local.password);
  });

  it('refuses an ID token issued for another client (wrong audience)', async () => {
    const mallory = person('mallory');
    idp.forgeAudience = 'another-app';
    const count = await auditCount();
    const landing = await signIn(mallory.login);
    expect(landing.origin + landing.pathname).toBe(`${USER_APP}/sign-in`);
    expect(landing.searchParams.get('sso_error')).toBe('SSO_TOKEN_INVALID');
    expect(landing.hash).toBe('');
    const rows = await auditRowsSince(count);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'auth.sso_refused', actor_id: null, after: { code: 'SSO_TOKEN_INVALID', reason: 'claim_aud' } });
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [mallory.email])).toHaveLength(0);
  });

  it('refuses a bad, missing, foreign or replayed state', async () => {
    const dee = person('dee');
    const start = await t.http.get('/api/auth/sso/start').expect(302);
    const cookie = String(start.headers['set-cookie'][0]).split(';')[0];
    const back = await signInAtProvider(start.headers.location, dee.login, callbackOf(USER_APP));
    const refusal = async (path: string, withCookie: string | null) => {
      const request = t.http.get(path);
      if (withCookie) request.set('Cookie', withCookie);
      return new URL((await request.expect(302)).headers.location).searchParams.get('sso_error');
    };
    const tampered = new URLSearchParams(back.search);
    tampered.set('state', 'not-the-state-we-sent');
    expect(await refusal(`/api/auth/sso/callback?${tampered}`, cookie)).toBe('SSO_STATE_INVALID');
    tampered.delete('state');
    expect(await refusal(`/api/auth/sso/callback?${tampered}`, cookie)).toBe('SSO_STATE_INVALID');
    // The genuine callback without this browser's cookie (a link started by someone else) is refused too …
    const otherBrowser = String((await t.http.get('/api/auth/sso/start').expect(302)).headers['set-cookie'][0]).split(';')[0];
    const count = await auditCount();
    expect(await refusal(back.pathname + back.search, otherBrowser)).toBe('SSO_STATE_INVALID');
    expect((await auditRowsSince(count))[0]).toMatchObject({ action: 'auth.sso_refused', after: { reason: 'state_not_from_this_browser' } });
    // … and the state is used up: replaying it with the right cookie fails as well.
    expect(await refusal(back.pathname + back.search, cookie)).toBe('SSO_STATE_INVALID');
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [dee.email])).toHaveLength(0);
  });

  it('refuses an email domain that is not allowed', async () => {
    const eve = person('eve', { domain: 'elsewhere.test' });
    const count = await auditCount();
    const landing = await signIn(eve.login);
    expect(landing.searchParams.get('sso_error')).toBe('SSO_DOMAIN_NOT_ALLOWED');
    const rows = await auditRowsSince(count);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'auth.sso_refused', after: { code: 'SSO_DOMAIN_NOT_ALLOWED', domain: 'elsewhere.test', email: eve.email } });
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [eve.email])).toHaveLength(0);
  });

  it('returns to the admin console when it started the sign-in; a code works once', async () => {
    const fay = person('fay');
    const landing = await signIn(fay.login, ADMIN_APP);
    expect(landing.origin + landing.pathname).toBe(`${ADMIN_APP}/sign-in`);
    const code = new URLSearchParams(landing.hash.slice(1)).get('sso_code');
    await t.http.post('/api/auth/sso/exchange').send({ code }).expect(200);
    const again = await t.http.post('/api/auth/sso/exchange').send({ code }).expect(400);
    expect(again.body.code).toBe('INVALID_SSO_CODE');
    const malformed = await t.http.post('/api/auth/sso/exchange').send({ code: 'x' }).expect(400);
    expect(malformed.body.details[0].field).toBe('code');
  });

  it('with local passwords off, only administrators may sign in with a password', async () => {
    const member = await registerUser(t.http, { email: `gil-${randomBytes(4).toString('hex')}@acme.test` });
    await t.http.put('/api/admin/sso').set(admin.auth).send({ local_passwords: false }).expect(200);
    try {
      expect((await t.http.get('/api/auth/sso').expect(200)).body.local_passwords).toBe(false);
      const refused = await t.http.post('/api/auth/login').send({ email: member.email, password: member.password }).expect(403);
      expect(refused.body.code).toBe('LOCAL_PASSWORD_DISABLED');
      expect(refused.body.message).toContain('Sign in with Acme Login');
      // A wrong password is still just wrong: nothing is revealed about the account.
      await t.http.post('/api/auth/login').send({ email: member.email, password: 'wrong password!' }).expect(401);
      await t.http.post('/api/auth/register').send({ email: `new-${randomBytes(4).toString('hex')}@acme.test`, password: 'long enough pw' }).expect(403);
      await loginAdmin(t.http); // the way back in never closes
    } finally {
      await t.http.put('/api/admin/sso').set(admin.auth).send({ local_passwords: true }).expect(200);
    }
    await login(t.http, member.email, member.password);
  });

  it('settings: admins only, validated, one audit row per change without the secret', async () => {
    const user = await registerUser(t.http);
    await t.http.get('/api/admin/sso').set(user.auth).expect(403);
    await t.http.put('/api/admin/sso').set(user.auth).send({ display_name: 'x' }).expect(403);

    const bad = await t.http.put('/api/admin/sso').set(admin.auth).send({ issuer_url: 'http://idp.example.com', allowed_domains: ['@acme'] }).expect(400);
    expect(bad.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['allowed_domains', 'issuer_url']);
    const unreachable = await t.http.put('/api/admin/sso').set(admin.auth).send({ issuer_url: 'http://127.0.0.1:9/nothing' }).expect(400);
    expect(unreachable.body).toMatchObject({ code: 'SSO_DISCOVERY_FAILED', details: [{ field: 'issuer_url' }] });

    const secret = `new-secret-${randomBytes(8).toString('hex')}`;
    const count = await auditCount();
    await t.http.put('/api/admin/sso').set(admin.auth).send({ display_name: 'Acme SSO', client_secret: secret }).expect(200);
    const rows = await auditRowsSince(count);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'settings.sso_updated',
      actor_id: admin.userId,
      before: { display_name: 'Acme Login', client_secret: 'set' },
      after: { display_name: 'Acme SSO', client_secret: 'replaced' },
    });
    expect(JSON.stringify(rows)).not.toContain(secret);
    await t.http.put('/api/admin/sso').set(admin.auth).send({ display_name: 'Acme Login', client_secret: idp.clientSecret }).expect(200);

    // Switched off: no button, and a start link leads back to the sign-in page with the reason.
    await t.http.put('/api/admin/sso').set(admin.auth).send({ enabled: false }).expect(200);
    expect((await t.http.get('/api/auth/sso').expect(200)).body).toEqual({ enabled: false, display_name: null, local_passwords: true });
    const start = await t.http.get('/api/auth/sso/start').expect(302);
    expect(start.headers.location).toBe(`${USER_APP}/sign-in?sso_error=SSO_NOT_CONFIGURED`);
    await t.http.put('/api/admin/sso').set(admin.auth).send({ enabled: true }).expect(200);
  });
});
