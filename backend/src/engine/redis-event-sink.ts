import { Logger } from '@nestjs/common';
import type { EventSink, RunEventType } from '@esy/orchestration';
import type Redis from 'ioredis';
import type { RunEventMessage } from '../events/run-event-message';
import { toJsonb, type Pg } from './pg';

/**
 * The engine's EventSink: every event is appended to `run_events` (its bigserial id is the SSE id; the
 * `append_run_event` function serialises a run's appends so its ids increase in commit order) and then published on
 * Redis, where every API process's stream hub picks it up. `gate_output` — streamed model text, already coalesced
 * by the engine to a few messages per second per agent — is published only: it is a live view for administrators,
 * and the attempt's raw output keeps the full text anyway. A failed publish is logged, not thrown: the event is in
 * the table, and streams fill gaps from there.
 */
export class RedisEventSink implements EventSink {
  private readonly logger = new Logger('RunEvents');
  private lastPublishError = '';

  constructor(
    private readonly pg: Pg,
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  async publish(runId: string, type: RunEventType, payload: Record<string, unknown>): Promise<void> {
    if (type === 'gate_output') {
      await this.send({ id: null, prev_id: null, run_id: runId, type, payload, created_at: new Date().toISOString() });
      return;
    }
    const { rows } = await this.pg.query<{ id: string; prev_id: string | null; created_at: Date }>(
      { name: 'events_append', text: 'SELECT id, prev_id, created_at FROM append_run_event($1, $2, $3)' },
      [runId, type, toJsonb(payload) ?? '{}'],
    );
    const row = rows[0];
    await this.send({
      id: Number(row.id),
      prev_id: row.prev_id === null ? null : Number(row.prev_id),
      run_id: runId,
      type,
      payload,
      created_at: row.created_at.toISOString(),
    });
  }

  private async send(message: RunEventMessage): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(message));
      this.lastPublishError = '';
    } catch (error) {
      const text = (error as Error).message;
      if (text !== this.lastPublishError) this.logger.warn(`Live event not published (streams catch up from the table): ${text}`);
      this.lastPublishError = text;
    }
  }
}
