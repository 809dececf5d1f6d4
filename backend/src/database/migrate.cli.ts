import { DataSource } from 'typeorm';
import { ConfigError, loadAppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source';
import { ensureDatabaseExists } from './ensure-database';
import { revertAllMigrations, runMigrationsLocked } from './migration-runner';

const USAGE = 'usage: npm run db:migrate [-- --status | --revert-last | --revert-all]';

/** `npm run db:migrate`: applies pending migrations (default), or shows / reverts them. Returns the exit code. */
export async function migrateCli(argv: string[]): Promise<number> {
  const command = argv[0] ?? '--run';
  if (!['--run', '--status', '--revert-last', '--revert-all'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  let url: string;
  try {
    url = loadAppConfig(process.env).database.url;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  if (await ensureDatabaseExists(url)) console.log(`Created database ${new URL(url).pathname.slice(1)}.`);
  const dataSource = new DataSource({ ...buildDataSourceOptions(url, 2), logging: ['error', 'migration'], logger: 'simple-console' });
  await dataSource.initialize();
  try {
    if (command === '--status') {
      const pending = await dataSource.showMigrations();
      console.log(pending ? 'Pending migrations exist.' : 'Database is up to date.');
    } else if (command === '--revert-last') {
      await dataSource.undoLastMigration({ transaction: 'each' });
    } else if (command === '--revert-all') {
      console.log(`Reverted ${await revertAllMigrations(dataSource)} migration(s).`);
    } else {
      const applied = await runMigrationsLocked(dataSource);
      console.log(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}.` : 'Database is up to date.');
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
