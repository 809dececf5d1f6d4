import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Routes TypeORM's messages into the application log (JSON lines) instead of the console. Query parameters are
 * never logged: they can hold password hashes, token hashes or user content.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  /** TypeORM hands every message to a custom logger; `enabled: false` (test helpers) silences it. */
  constructor(private readonly enabled = true) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    if (!this.enabled) return;
    this.logger.warn(`Query failed: ${error instanceof Error ? error.message : error} — ${query.slice(0, 500)}`);
  }

  logQuerySlow(time: number, query: string): void {
    if (!this.enabled) return;
    this.logger.warn(`Slow query (${time} ms): ${query.slice(0, 500)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    if (!this.enabled) return;
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (this.enabled && level === 'warn') this.logger.warn(String(message));
  }
}
