import type { DataSource, Migration } from 'typeorm';

/** Arbitrary but fixed: every Esy process agrees on it, nothing else should use it. */
export const MIGRATION_LOCK_KEY = 7_264_117_001;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so several API instances starting together
 * migrate once: the others wait, then find nothing pending.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}

/** Reverts every applied migration, newest first (tests, and `npm run db:migrate -- --revert-all`). */
export async function revertAllMigrations(dataSource: DataSource): Promise<number> {
  let reverted = 0;
  while ((await appliedMigrationCount(dataSource)) > 0) {
    await dataSource.undoLastMigration({ transaction: 'each' });
    reverted += 1;
  }
  return reverted;
}

export async function appliedMigrationCount(dataSource: DataSource): Promise<number> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = await dataSource.query('SELECT to_regclass($1) AS name', [table]);
  if (!exists[0]?.name) return 0;
  const rows = await dataSource.query(`SELECT count(*)::int AS count FROM "${table}"`);
  return rows[0].count;
}

/** True when every migration the code knows is recorded as applied. */
export async function migrationsUpToDate(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
