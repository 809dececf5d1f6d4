import { Logger } from '@nestjs/common';
import { createTestDatabase, login, startTestApp, TEST_ADMIN_EMAIL, type TestDatabase } from './support';

describe('start-up seed', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db?.drop());

  const counts = async () =>
    (
      await db.query<{ models: number; admins: number; users: number }>(
        `SELECT (SELECT count(*)::int FROM models) AS models,
                (SELECT count(*)::int FROM users WHERE role = 'admin') AS admins,
                (SELECT count(*)::int FROM users) AS users`,
      )
    )[0];

  it('is idempotent: booting twice leaves ten models and one admin', async () => {
    const first = await startTestApp({ db });
    // An admin's edit of a seeded model survives the next start.
    await db.query(`UPDATE models SET input_price_per_1k = 0.5, active = false WHERE id = 'gpt-4o'`);
    await first.close();
    expect(await counts()).toEqual({ models: 10, admins: 1, users: 1 });

    const second = await startTestApp({ db });
    await login(second.http, TEST_ADMIN_EMAIL, 'admin-password-for-tests');
    await second.close();
    expect(await counts()).toEqual({ models: 10, admins: 1, users: 1 });
    const [edited] = await db.query(`SELECT input_price_per_1k, active FROM models WHERE id = 'gpt-4o'`);
    expect(edited).toEqual({ input_price_per_1k: '0.500000', active: false });

    const [opus] = await db.query(`SELECT * FROM models WHERE id = 'claude-opus-4'`);
    expect(opus).toMatchObject({
      provider: 'anthropic',
      tier: 'top',
      input_price_per_1k: '0.015000',
      output_price_per_1k: '0.075000',
      context_window: 200000,
      capabilities: { tools: true, streaming: true, structured_output: true },
    });
  });

  it('without ADMIN_PASSWORD, generates one and prints it exactly once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const first = await startTestApp({ db, env: { ADMIN_PASSWORD: '' } });
      const printed = warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('generated password'));
      expect(printed).toHaveLength(1);
      const password = /generated password: (\S+)/.exec(printed[0])![1];
      await login(first.http, TEST_ADMIN_EMAIL, password);
      await first.close();

      warn.mockClear();
      const second = await startTestApp({ db, env: { ADMIN_PASSWORD: '' } });
      await second.close();
      expect(warn.mock.calls.some(([message]) => String(message).includes('generated password'))).toBe(false);
      expect(await counts()).toMatchObject({ admins: 1 });
    } finally {
      warn.mockRestore();
    }
  });
});
