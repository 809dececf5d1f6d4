import { Pg } from '../../src/database/pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// pg's Pool at run time (the backend keeps @types/pg out of its dependencies, so it is typed by what Pg needs).
const { Pool } = require('pg') as { Pool: new (options: { connectionString: string; max: number }) => { query(text: string): Promise<{ rows: any[] }>; end(): Promise<void> } };

/** The progress write: one statement, its commit relaxed for itself only, and inside a unit it joins the unit. */
describe('Pg.relaxedWrite', () => {
  let db: TestDatabase;
  let pool: InstanceType<typeof Pool>;
  let pg: Pg;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 1 });
    pg = new Pg(pool as never);
    await pool.query(`CREATE TABLE progress (id int PRIMARY KEY, note text)`);
    await pool.query(`INSERT INTO progress VALUES (1, 'started'), (2, 'started')`);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('writes, says how many rows it changed, and leaves the connection committing synchronously', async () => {
    expect(await pg.relaxedWrite({ name: 'progress_note', text: `UPDATE progress SET note = $2 WHERE id = $1` }, [1, 'half way'])).toEqual({ rowCount: 1 });
    expect(await pg.relaxedWrite({ name: 'progress_note', text: `UPDATE progress SET note = $2 WHERE id = $1` }, [9, 'nobody'])).toEqual({ rowCount: 0 });
    const { rows } = await pool.query(`SELECT id, note FROM progress ORDER BY id`);
    expect(rows).toEqual([{ id: 1, note: 'half way' }, { id: 2, note: 'started' }]);
    // One pooled connection: the setting was local to the write's own transaction.
    expect((await pool.query(`SHOW synchronous_commit`)).rows[0].synchronous_commit).toBe('on');
  });

  it('joins an enclosing unit of work and rolls back with it', async () => {
    await expect(
      pg.atomically(async () => {
        await pg.relaxedWrite(`UPDATE progress SET note = $2 WHERE id = $1`, [2, 'lost with the unit']);
        throw new Error('the outcome failed');
      }),
    ).rejects.toThrow('the outcome failed');
    expect((await pool.query(`SELECT note FROM progress WHERE id = 2`)).rows[0].note).toBe('started');
  });
});
