import { Injectable } from '@nestjs/common';
import { InjectPg, type Pg } from '../database/pg';

/** How long a key is remembered; after that the same key starts a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredIdempotentRequest {
  requestHash: string;
  /** null while the first request is still being processed. */
  status: number | null;
  responseBody: unknown;
}

/** Data access for idempotency keys: claim a key, record the response, forget it. Keys live per user. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectPg() private readonly pg: Pg) {}

  /**
   * Claims the key for a request (true), or returns false when a live claim exists. An expired claim is replaced
   * in the same statement, so two concurrent first requests never both win.
   */
  async claim(userId: string, key: string, requestHash: string): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = NULL, response_body = NULL, created_at = now()
       WHERE idempotency_keys.created_at < now() - make_interval(hours => $4)`,
      [userId, key, requestHash, IDEMPOTENCY_TTL_HOURS],
    );
    return rowCount === 1;
  }

  async find(userId: string, key: string): Promise<StoredIdempotentRequest | undefined> {
    const { rows } = await this.pg.query<{ request_hash: string; status: number | null; response_body: unknown }>(
      `SELECT request_hash, status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    const [row] = rows;
    return row ? { requestHash: row.request_hash, status: row.status, responseBody: row.response_body } : undefined;
  }

  async complete(userId: string, key: string, status: number, responseBody: unknown): Promise<void> {
    await this.pg.query(`UPDATE idempotency_keys SET status = $3, response_body = $4::jsonb WHERE user_id = $1 AND key = $2`, [
      userId,
      key,
      status,
      JSON.stringify(responseBody ?? null),
    ]);
  }

  /** The request failed: forget the claim so the client can retry with the same key. */
  async release(userId: string, key: string): Promise<void> {
    await this.pg.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status IS NULL`, [userId, key]);
  }

  async deleteExpired(): Promise<number> {
    const { rowCount } = await this.pg.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
      IDEMPOTENCY_TTL_HOURS,
    ]);
    return rowCount;
  }
}
