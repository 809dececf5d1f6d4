import { Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * The engine's hot paths talk to PostgreSQL through the pg pool TypeORM already owns (same connections, same
 * limits) with plain parameterised SQL: conditional updates need the affected-row count, and a gate attempt runs
 * many small statements where an ORM's overhead would show.
 */
export const PG = Symbol('PG');

type QueryResultRow = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface QueryConfig {
  name?: string;
  text: string;
  values?: unknown[];
}
interface QueryResult<T> {
  rows: T[];
  rowCount: number | null;
}
/** The part of pg's Pool / PoolClient used here (the backend keeps @types/pg out of its dependencies). */
interface PoolClient {
  query<T>(config: QueryConfig | string): Promise<QueryResult<T>>;
  release(): void;
}
interface Pool {
  query<T>(config: QueryConfig): Promise<QueryResult<T>>;
  connect(): Promise<PoolClient>;
}
export const InjectPg = () => Inject(PG);

export interface Statement {
  /** A name makes pg prepare the statement once per connection. */
  name?: string;
  text: string;
}

export class Pg {
  constructor(readonly pool: Pool) {}

  static fromDataSource(dataSource: DataSource): Pg {
    const pool = (dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) throw new Error('the TypeORM data source has no pg pool (is it initialised?)');
    return new Pg(pool);
  }

  async query<T extends QueryResultRow = QueryResultRow>(statement: Statement | string, values: unknown[] = []): Promise<{ rows: T[]; rowCount: number }> {
    const config = typeof statement === 'string' ? { text: statement, values } : { ...statement, values };
    const result = await this.pool.query<T>(config);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  /** Runs `work` in one transaction; a thrown error (or `rollback()`) rolls it back. */
  async transaction<T>(work: (client: TxClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx = new TxClient(client);
      const result = await work(tx);
      await client.query(tx.rolledBack ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

export class TxClient {
  rolledBack = false;
  constructor(private readonly client: PoolClient) {}

  async query<T extends QueryResultRow = QueryResultRow>(statement: Statement | string, values: unknown[] = []): Promise<{ rows: T[]; rowCount: number }> {
    const config = typeof statement === 'string' ? { text: statement, values } : { ...statement, values };
    const result = await this.client.query<T>(config);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  /** Marks the transaction for rollback (the work function then returns normally). */
  rollback(): void {
    this.rolledBack = true;
  }
}

/**
 * JSON for a jsonb column. PostgreSQL refuses the NUL character inside jsonb strings, and a model may well answer
 * with one, so it is replaced by U+FFFD (escaped backslashes before it are left alone).
 */
export function toJsonb(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd');
}
