import type { DataSource } from 'typeorm';
import { Pg } from '../../src/database/pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The progress write: one statement, its commit relaxed for itself only, and inside a unit it joins the unit. */
describe('Pg.relaxedWrite', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pg: Pg;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await db.connect();
    pg = Pg.fromDataSource(dataSource);
    await pg.query(`CREATE TABLE progress (id int PRIMARY KEY, note text)`);
    await pg.query(`INSERT INTO progress VALUES (1, 'started'), (2, 'started')`);
  });
  afterAll(() => db?.drop());

  it('writes, says how many rows it changed, and leaves the connection committing synchronously', async () => {
    expect(await pg.relaxedWrite({ name: 'progress_note', text: `UPDATE progress SET note = $2 WHERE id = $1` }, [1, 'half way'])).toEqual({ rowCount: 1 });
    expect(await pg.relaxedWrite({ name: 'progress_note', text: `UPDATE progress SET note = $2 WHERE id = $1` }, [9, 'nobody'])).toEqual({ rowCount: 0 });
    const { rows } = await pg.query(`SELECT id, note FROM progress ORDER BY id`);
    expect(rows).toEqual([{ id: 1, note: 'half way' }, { id: 2, note: 'started' }]);
    // Every connection of the pool (it holds 3) still commits synchronously: the setting was the write's own.
    const clients = await Promise.all([1, 2, 3].map(() => pg.pool.connect()));
    try {
      for (const client of clients) expect((await client.query(`SHOW synchronous_commit`)).rows[0]).toEqual({ synchronous_commit: 'on' });
    } finally {
      for (const client of clients) client.release();
    }
  });

  it('joins an enclosing unit of work and rolls back with it', async () => {
    await expect(
      pg.atomically(async () => {
        await pg.relaxedWrite(`UPDATE progress SET note = $2 WHERE id = $1`, [2, 'lost with the unit']);
        throw new Error('the outcome failed');
      }),
    ).rejects.toThrow('the outcome failed');
    expect((await pg.query(`SELECT note FROM progress WHERE id = 2`)).rows[0]).toEqual({ note: 'started' });
  });
});
