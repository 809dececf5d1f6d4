import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { buildDataSourceOptions } from './data-source';
import { ensureDatabaseExists } from './ensure-database';
import { runMigrationsLocked } from './migration-runner';

/** PostgreSQL through TypeORM. Pending migrations are applied before the app serves (DATABASE_MIGRATIONS_RUN). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database.url, config.database.poolSize),
        // Start-up fails fast in tests; a real deployment gets a few retries while the database comes up.
        retryAttempts: config.env === 'test' ? 0 : 5,
        retryDelay: 2000,
        migrationsRunFlag: config.database.migrationsRun,
      }),
      dataSourceFactory: async (options) => {
        const { migrationsRunFlag, ...dataSourceOptions } = options as typeof options & { migrationsRunFlag?: boolean };
        const url = (dataSourceOptions as { url: string }).url;
        if (await ensureDatabaseExists(url)) new Logger('Database').log(`Created database ${new URL(url).pathname.slice(1)}.`);
        const dataSource = await new DataSource(dataSourceOptions).initialize();
        if (migrationsRunFlag) {
          const applied = await runMigrationsLocked(dataSource);
          if (applied.length) new Logger('Database').log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
