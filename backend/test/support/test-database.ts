import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { runMigrationsLocked } from '../../src/database/migration-runner';

/** Server the test databases are created on (its maintenance database `postgres`). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** `esy_test_<random>` */
  name: string;
  /** Connection URL of the new database. */
  url: string;
  /** Opens a DataSource on it (the caller destroys it, or `drop()` does). */
  connect(): Promise<DataSource>;
  /** Applies every migration (as the API does at start-up). */
  migrate(): Promise<void>;
  /** Runs raw SQL against the database (counting rows, fixtures). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes every connection opened through this helper and drops the database. */
  drop(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onMaintenance<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database for one test suite, so suites never see each other's rows:
 * `const db = await createTestDatabase(); … afterAll(() => db.drop())`.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `esy_test_${randomBytes(6).toString('hex')}`;
  await onMaintenance((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const opened: DataSource[] = [];
  let shared: DataSource | undefined;

  const connect = async () => {
    const dataSource = await new DataSource(buildDataSourceOptions(url, 3, false)).initialize();
    opened.push(dataSource);
    return dataSource;
  };
  const sharedDataSource = async () => (shared ??= await connect());

  const db: TestDatabase = {
    name,
    url,
    connect,
    async migrate() {
      await runMigrationsLocked(await sharedDataSource());
    },
    async query(sql, params) {
      return (await sharedDataSource()).query(sql, params);
    },
    async drop() {
      await Promise.all(opened.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
      // FORCE ends connections a crashed test may have left open (PostgreSQL 13+).
      await onMaintenance((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
  if (options.migrate) await db.migrate();
  return db;
}
