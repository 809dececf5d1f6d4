import { AsyncLocalStorage } from 'node:async_hooks';
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
  /** With an error, the connection is closed instead of returned to the pool. */
  release(error?: Error): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
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

/** The transaction `atomically` opened in this async context, and what waits for its commit. */
interface UnitScope {
  client: PoolClient;
  open: boolean;
  afterCommit: Array<() => unknown>;
}

export class Pg {
  private readonly unit = new AsyncLocalStorage<UnitScope>();

  constructor(readonly pool: Pool) {}

  static fromDataSource(dataSource: DataSource): Pg {
    const pool = (dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) throw new Error('the TypeORM data source has no pg pool (is it initialised?)');
    return new Pg(pool);
  }

  /** One statement: on the connection of the enclosing `atomically` unit when there is one, else on the pool. */
  async query<T extends QueryResultRow = QueryResultRow>(statement: Statement | string, values: unknown[] = []): Promise<{ rows: T[]; rowCount: number }> {
    const config = typeof statement === 'string' ? { text: statement, values } : { ...statement, values };
    const scope = this.unit.getStore();
    const result = scope?.open ? await scope.client.query<T>(config) : await this.pool.query<T>(config);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  /**
   * Runs `work` as one unit of work: every `query` made through this Pg inside it (in the same async context, by
   * any repository) joins one transaction, so a state change and everything that goes with it commit together —
   * one WAL flush instead of one per statement. Effects registered with `afterCommit` (queue jobs, live events) run
   * in order once the commit succeeded, and are dropped on rollback. A unit inside a unit joins the outer one.
   * An error from an after-commit effect is thrown after every effect ran (the commit stands).
   */
  async atomically<T>(work: () => Promise<T>): Promise<T> {
    if (this.unit.getStore()?.open) return work();
    const checkout = await this.checkout();
    const client = checkout.client;
    const scope: UnitScope = { client, open: true, afterCommit: [] };
    let broken: Error | undefined;
    let result: T;
    try {
      await client.query('BEGIN');
      result = await this.unit.run(scope, work);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      scope.open = false; // anything the work left running falls back to the pool
      checkout.release(broken);
    }
    let failure: unknown;
    for (const effect of scope.afterCommit) {
      try {
        await effect();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return result;
  }

  /**
   * One write whose commit does not wait for the WAL flush (`synchronous_commit = off` for its transaction only).
   * For best-effort records that something later supersedes (an attempt's progress): visible to everyone at once and
   * durable across a crash of this process; only a PostgreSQL crash within a fraction of a second can lose it.
   * Inside an `atomically` unit it simply joins the unit. `statement` is one INSERT, UPDATE or DELETE without
   * RETURNING: it runs as a data-modifying CTE beside `set_config(…, true)`, which relaxes the commit of that
   * statement's own implicit transaction — one round trip instead of BEGIN, SET LOCAL, the write and COMMIT.
   */
  async relaxedWrite(statement: Statement | string, values: unknown[] = []): Promise<{ rowCount: number }> {
    if (this.unit.getStore()?.open) return this.query(statement, values);
    const { name, text } = typeof statement === 'string' ? { name: undefined, text: statement } : statement;
    const relaxed = `WITH relaxed_write AS (${text} RETURNING 1)
      SELECT count(*)::int AS row_count FROM relaxed_write, (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed`;
    const { rows } = await this.query<{ row_count: number }>(name ? { name: `${name}_relaxed`, text: relaxed } : relaxed, values);
    return { rowCount: rows[0]?.row_count ?? 0 };
  }

  /** Runs `effect` once the enclosing `atomically` unit commits (never if it rolls back); at once outside a unit. */
  async afterCommit(effect: () => unknown): Promise<void> {
    const scope = this.unit.getStore();
    if (scope?.open) scope.afterCommit.push(effect);
    else await effect();
  }

  /** Runs `work` in one transaction with an explicit client; a thrown error (or `rollback()`) rolls it back. */
  async transaction<T>(work: (client: TxClient) => Promise<T>): Promise<T> {
    const checkout = await this.checkout();
    const client = checkout.client;
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
      checkout.release();
    }
  }

  /**
   * A connection taken from the pool, guarded while we hold it: pg-pool listens for a connection's errors only
   * while it is idle in the pool, and an 'error' nobody listens to (PostgreSQL restarting while we sit between two
   * statements of a transaction) would end the process. The error is kept; the next statement fails with it and the
   * connection is discarded on release instead of going back to the pool.
   */
  private async checkout(): Promise<{ client: PoolClient; release(error?: Error): void }> {
    const client = await this.pool.connect();
    let lost: Error | undefined;
    const onError = (error: Error) => (lost ??= error);
    client.on('error', onError);
    return {
      client,
      release: (error?: Error) => {
        client.removeListener('error', onError);
        client.release(error ?? lost);
      },
    };
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
  const json = JSON.stringify(value);
  // The scan for an escaped NUL is cheap; the replacement's regex over a large raw output is not.
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : json;
}
