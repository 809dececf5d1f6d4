import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { DatabaseLogger } from './typeorm-logger';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/esy';
export const MIGRATIONS_TABLE = 'migrations';

/** Options shared by the API, the worker, `npm run db:migrate` and the tests. Never `synchronize`. */
export function buildDataSourceOptions(url: string, poolSize = 10, log = true): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Migrations run through runMigrationsLocked() so parallel instances migrate once.
    migrationsRun: false,
    logging: log ? ['error', 'warn', 'migration'] : false,
    logger: new DatabaseLogger(log),
    maxQueryExecutionTime: 2000,
    poolSize,
    applicationName: 'esy-backend',
  } as DataSourceOptions;
}

/** The DataSource for tools (TypeORM CLI, scripts/db-migrate.mjs): DATABASE_URL or the local default. */
export const AppDataSource = new DataSource(buildDataSourceOptions(process.env.DATABASE_URL || DEFAULT_DATABASE_URL));
