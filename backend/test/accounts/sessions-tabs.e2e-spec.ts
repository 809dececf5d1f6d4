import { bearer, registerUser, startTestApp, type TestApp } from '../support';

describe('accounts: several tabs refreshing one session at the same moment', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const refresh = (token: string) => t.http.post('/api/auth/refresh').send({ refresh_token: token });

  it('concurrent refreshes of one token all succeed with the same new refresh token, and the session stays valid', async () => {
    const session = await registerUser(t.http);
    const answers = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const successors = new Set(answers.map((answer) => answer.body.refresh_token));
    expect(successors.size).toBe(1);
    for (const answer of answers) await t.http.get('/api/auth/me').set(bearer(answer.body.access_token)).expect(200);

    // The shared successor keeps working: the login was not ended.
    const next = await refresh(answers[0].body.refresh_token).expect(200);
    await t.http.get('/api/auth/me').set(bearer(next.body.access_token)).expect(200);
    const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NOT NULL`, [session.userId]);
    expect(rows[0].n).toBe(0);
  });

  it('a late second use (after the grace window) still ends the whole login', async () => {
    const session = await registerUser(t.http);
    const first = await refresh(session.refreshToken).expect(200);
    await t.db.query(`UPDATE refresh_tokens SET rotated_at = rotated_at - interval '11 seconds' WHERE id = $1`, [session.refreshToken.split('.')[0]]);
    const replay = await refresh(session.refreshToken).expect(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    await refresh(first.body.refresh_token).expect(401);
  });

  it('within the window, a token whose successor was already used again is a replay too', async () => {
    const session = await registerUser(t.http);
    const first = await refresh(session.refreshToken).expect(200);
    await refresh(first.body.refresh_token).expect(200);
    expect((await refresh(session.refreshToken).expect(401)).body.code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('a forged secret for a rotated token id gets nothing', async () => {
    const session = await registerUser(t.http);
    await refresh(session.refreshToken).expect(200);
    const [id] = session.refreshToken.split('.');
    expect((await refresh(`${id}.${'x'.repeat(43)}`).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
  });
});
