import { Injectable } from '@nestjs/common';
import { newestFirstAfter } from '../common/pagination/created-at-keyset';
import { InjectPg, type Pg } from '../database/pg';

export interface WebhookRow {
  id: string;
  user_id: string;
  url: string;
  events: string[];
  description: string | null;
  encrypted_secret: string;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  run_id: string | null;
  body: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
}

const WEBHOOK_COLUMNS = 'id, user_id, url, events, description, encrypted_secret, created_at';

/** Data access for webhook subscriptions and their delivery log. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectPg() private readonly pg: Pg) {}

  async insert(row: Pick<WebhookRow, 'user_id' | 'url' | 'events' | 'description' | 'encrypted_secret'>): Promise<WebhookRow> {
    const { rows } = await this.pg.query<WebhookRow>(
      `INSERT INTO webhooks (user_id, url, events, description, encrypted_secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${WEBHOOK_COLUMNS}`,
      [row.user_id, row.url, row.events, row.description, row.encrypted_secret],
    );
    return rows[0];
  }

  /** Live webhooks, newest first; one user's, or everyone's when `userId` is null (admins). */
  async list(userId: string | null): Promise<WebhookRow[]> {
    const { rows } = await this.pg.query<WebhookRow>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR user_id = $1) ORDER BY created_at DESC, id DESC`,
      [userId],
    );
    return rows;
  }

  async find(id: string): Promise<WebhookRow | undefined> {
    const { rows } = await this.pg.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0];
  }

  async softDelete(id: string): Promise<void> {
    await this.pg.query(`UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [id]);
  }

  /**
   * Live webhooks subscribed to `eventType` for a run of `ownerId`: the owner's own, and every administrator's
   * (administrators see all runs).
   */
  async subscribersFor(ownerId: string, eventType: string): Promise<WebhookRow[]> {
    const { rows } = await this.pg.query<WebhookRow>(
      `SELECT ${WEBHOOK_COLUMNS.split(', ').map((c) => `w.${c}`).join(', ')} FROM webhooks w JOIN users u ON u.id = w.user_id
       WHERE w.deleted_at IS NULL AND $2 = ANY(w.events) AND (w.user_id = $1 OR u.role = 'admin')`,
      [ownerId, eventType],
    );
    return rows;
  }

  /** Records a delivery once per (webhook, event); returns it, or undefined when it already exists. */
  async insertDelivery(delivery: Pick<DeliveryRow, 'webhook_id' | 'event_id' | 'event_type' | 'run_id' | 'body'>): Promise<DeliveryRow | undefined> {
    const { rows } = await this.pg.query<DeliveryRow>(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, run_id, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING *`,
      [delivery.webhook_id, delivery.event_id, delivery.event_type, delivery.run_id, delivery.body],
    );
    return rows[0];
  }

  async findDelivery(id: string): Promise<DeliveryRow | undefined> {
    const { rows } = await this.pg.query<DeliveryRow>(`SELECT * FROM webhook_deliveries WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Newest first, keyset after `cursor` (then `offset`); rows carry `cursor_created_at` for the next cursor. */
  async deliveries(webhookId: string, page: { limit: number; offset: number; cursor?: string }): Promise<(DeliveryRow & { cursor_created_at: string })[]> {
    const values: unknown[] = [webhookId];
    const after = page.cursor ? `AND ${newestFirstAfter('d', page.cursor, values)}` : '';
    const { rows } = await this.pg.query<DeliveryRow & { cursor_created_at: string }>(
      `SELECT d.*, d.created_at::text AS cursor_created_at FROM webhook_deliveries d WHERE d.webhook_id = $1 ${after}
       ORDER BY d.created_at DESC, d.id DESC LIMIT $${values.push(page.limit)} OFFSET $${values.push(page.offset)}`,
      values,
    );
    return rows;
  }

  async recordAttempt(id: string, outcome: { ok: boolean; final: boolean; statusCode: number | null; error: string | null }): Promise<void> {
    await this.pg.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), last_status_code = $2, last_error = $3,
         status = CASE WHEN $4 THEN 'succeeded' WHEN $5 THEN 'failed' ELSE 'pending' END,
         delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
       WHERE id = $1`,
      [id, outcome.statusCode, outcome.error, outcome.ok, outcome.final],
    );
  }
}
