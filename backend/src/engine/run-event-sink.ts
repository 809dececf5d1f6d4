import { Logger } from '@nestjs/common';
import type { EventSink, RunEventType } from '@esy/orchestration';
import type Redis from 'ioredis';
import type { RunEventMessage } from './run-event-message';
import { toJsonb, type Pg } from '../database/pg';

/** Told about every run event once it is committed (log line, metrics); must not throw or block. */
export type RunEventListener = (runId: string, type: RunEventType, payload: Record<string, unknown>) => void;

/**
 * The engine's EventSink, composed of the store (`run_events`), Redis and the listeners (log, metrics):
 *
 * 1. the event is appended to `run_events` (its bigserial id is the SSE id; `append_run_event` serialises a run's
 *    appends so its ids increase in commit order) — inside the engine's unit of work when there is one, so the
 *    row is the outbox of the state change it describes;
 * 2. after the commit it is published on Redis, where every API process's stream hub picks it up, and handed to
 *    the listeners. A rolled-back state change announces nothing. A process that dies between commit and
 *    publish leaves the row for the streams, which fill gaps from the table.
 *
 * `gate_output` — streamed model text, already coalesced by the engine to a few messages per second per agent — is
 * published only: a live view for administrators; the attempt's raw output keeps the full text. A failed publish
 * is logged, not thrown: the event is in the table, and streams catch up from there.
 */
export class RunEventSink implements EventSink {
  private readonly logger = new Logger('RunEvents');
  private readonly listeners: RunEventListener[] = [];
  private lastPublishError = '';

  constructor(
    private readonly pg: Pg,
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  /** Adds a listener told about every committed event (and every gate_output) in this process. */
  addListener(listener: RunEventListener): void {
    this.listeners.push(listener);
  }

  async publish(runId: string, type: RunEventType, payload: Record<string, unknown>): Promise<void> {
    if (type === 'gate_output') {
      await this.deliver({ id: null, prev_id: null, run_id: runId, type, payload, created_at: new Date().toISOString() });
      return;
    }
    const { rows } = await this.pg.query<{ id: string; prev_id: string | null; created_at: Date }>(
      { name: 'events_append', text: 'SELECT id, prev_id, created_at FROM append_run_event($1, $2, $3)' },
      [runId, type, toJsonb(payload) ?? '{}'],
    );
    const row = rows[0];
    const message: RunEventMessage = {
      id: Number(row.id),
      prev_id: row.prev_id === null ? null : Number(row.prev_id),
      run_id: runId,
      type,
      payload,
      created_at: row.created_at.toISOString(),
    };
    await this.pg.afterCommit(() => this.deliver(message));
  }

  private async deliver(message: RunEventMessage): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(message));
      this.lastPublishError = '';
    } catch (error) {
      const text = (error as Error).message;
      if (text !== this.lastPublishError) this.logger.warn(`Live event not published (streams catch up from the table): ${text}`);
      this.lastPublishError = text;
    }
    for (const listener of this.listeners) {
      try {
        listener(message.run_id, message.type as RunEventType, message.payload);
      } catch (error) {
        this.logger.warn(`A run event listener failed: ${(error as Error).message}`);
      }
    }
  }
}
