import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { PG, type Pg } from '../database/pg';
import { ADMIN_ONLY_EVENTS, TERMINAL_RUN_EVENTS, type RunEventMessage } from '../engine/run-event-message';
import { RunEventsHub } from './run-events.hub';
import { SseWriter, type SseResponse } from './sse-writer';

/** Events read from the table per query while replaying. */
const REPLAY_PAGE = 500;
/** The admin feed replays at most this many events after a reconnect (older ones are in the admin run record). */
const ADMIN_REPLAY_LIMIT = 2000;
const TERMINAL_RUN_STATUSES = new Set(['completed', 'failed', 'cancelled']);

interface EventRow {
  id: string;
  prev_id: string | null;
  run_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

export interface StreamOptions {
  /** Replay what came after this id (Last-Event-ID); 0 = from the run's first event. */
  afterId: number;
  /** Administrators also receive `gate_output`. */
  includeAdminEvents: boolean;
}

/**
 * Serves event streams without gaps or duplicates across processes:
 * 1. subscribe to the live feed first, buffering what arrives;
 * 2. replay `run_events` after the client's last id;
 * 3. then deliver live messages in order, skipping ids already sent. A live message whose `prev_id` is not the last
 *    id sent reveals a gap (a message published out of order or lost): the gap is read from the table instead.
 * Heartbeats also re-read the table, so even a silent Redis outage costs at most one heartbeat of delay.
 */
@Injectable()
export class RunStreamService {
  constructor(
    private readonly hub: RunEventsHub,
    @Inject(PG) private readonly pg: Pg,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Event streams open to clients in this process (esy_sse_clients); other hub listeners, like webhooks, are not. */
  get openStreams(): number {
    return this.streams;
  }

  private streams = 0;

  /** Counts a stream as open; the returned function counts it closed, once however often it is called. */
  private track(): () => void {
    this.streams++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.streams--;
    };
  }

  /** One run's stream; closes after the run's terminal event (or at once when it already ended). */
  async streamRun(runId: string, response: SseResponse, options: StreamOptions): Promise<void> {
    // A finished run with nothing after the client's last id answers 204: the one status that makes a standard
    // EventSource stop reconnecting (it would otherwise reopen a closed stream every `retry` ms for ever).
    if ((await this.runEnded(runId)) && (await this.eventsAfter(runId, options.afterId, 1)).length === 0) {
      response.writeHead(204, { 'Cache-Control': 'no-cache' });
      response.end();
      return;
    }
    const writer = new SseWriter(response);
    let lastSent = options.afterId;
    let replaying = true;
    const buffered: RunEventMessage[] = [];
    let chain: Promise<void> = Promise.resolve();
    const serial = (work: () => Promise<void> | void) => {
      chain = chain.then(work).catch(() => writer.close());
      return chain;
    };

    const send = (message: RunEventMessage) => {
      if (writer.isClosed) return;
      if (message.id === null) {
        if (options.includeAdminEvents || !ADMIN_ONLY_EVENTS.has(message.type)) writer.event(message);
        return;
      }
      if (message.id <= lastSent) return;
      if (!ADMIN_ONLY_EVENTS.has(message.type) || options.includeAdminEvents) writer.event(message);
      lastSent = message.id;
      if (TERMINAL_RUN_EVENTS.has(message.type)) writer.close();
    };
    const catchUp = async () => {
      for (;;) {
        if (writer.isClosed) return;
        const rows = await this.eventsAfter(runId, lastSent, REPLAY_PAGE);
        rows.forEach((row) => send(toMessage(row)));
        if (rows.length < REPLAY_PAGE) return;
      }
    };
    const onLive = (message: RunEventMessage) => {
      if (replaying) {
        buffered.push(message);
        return;
      }
      void serial(() => deliverLive(message));
    };
    const deliverLive = async (message: RunEventMessage) => {
      if (message.id === null || message.id <= lastSent) return send(message);
      if (message.prev_id === lastSent || (message.prev_id === null && lastSent === 0)) return send(message);
      await catchUp(); // something came before this message that this stream has not seen
      send(message);
    };

    const unsubscribe = this.hub.subscribeRun(runId, onLive);
    const release = this.track();
    const heartbeat = setInterval(() => {
      writer.comment('heartbeat');
      void serial(catchUp);
    }, this.config.events.heartbeatMs);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      release();
      writer.close();
    };
    response.on('close', stop);

    writer.open();
    await serial(async () => {
      await catchUp();
      replaying = false;
      for (const message of buffered.splice(0)) await deliverLive(message);
      if (!writer.isClosed && (await this.runEnded(runId))) {
        await catchUp(); // the terminal event may have landed between the replay and the status read
        writer.close();
      }
    });
    if (writer.isClosed) stop();
  }

  /** Every run's events (administrators). Replays after `afterId` when given; stays open until the client leaves. */
  async streamAll(response: SseResponse, options: StreamOptions): Promise<void> {
    const writer = new SseWriter(response);
    let replaying = true;
    const buffered: RunEventMessage[] = [];
    // Ids from different runs may be published out of order, so the feed de-duplicates by id rather than dropping
    // anything at or below the highest id sent.
    const recent = new Set<number>();
    const recentOrder: number[] = [];
    const send = (message: RunEventMessage) => {
      if (message.id !== null) {
        if (recent.has(message.id)) return;
        recent.add(message.id);
        recentOrder.push(message.id);
        if (recentOrder.length > 10_000) recent.delete(recentOrder.shift()!);
      }
      writer.event(message);
    };
    const unsubscribe = this.hub.subscribeAll((message) => (replaying ? buffered.push(message) : send(message)));
    const release = this.track();
    const heartbeat = setInterval(() => writer.comment('heartbeat'), this.config.events.heartbeatMs);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      release();
      writer.close();
    });

    writer.open();
    if (options.afterId > 0) {
      const { rows } = await this.pg.query<EventRow>(
        'SELECT id, run_id, type, payload, created_at FROM run_events WHERE id > $1 ORDER BY id LIMIT $2',
        [options.afterId, ADMIN_REPLAY_LIMIT],
      );
      rows.forEach((row) => send(toMessage(row)));
    }
    replaying = false;
    buffered.splice(0).forEach(send);
  }

  /**
   * The signed-in user's feed: every event of their own runs (draft test runs excluded), for the user app's
   * notification centre. Replays up to 500 events after `afterId` when given; stays open until the client leaves.
   * Whose run an event belongs to is read once per run and remembered for the stream's life.
   */
  async streamUser(userId: string, response: SseResponse, options: StreamOptions): Promise<void> {
    const writer = new SseWriter(response);
    const mine = new Map<string, Promise<boolean>>();
    const isMine = (runId: string) => {
      let known = mine.get(runId);
      if (!known) {
        known = this.pg
          .query<{ mine: boolean }>({ name: 'stream_user_owns_run', text: 'SELECT (user_id = $2 AND NOT draft) AS mine FROM runs WHERE id = $1' }, [runId, userId])
          .then(({ rows }) => rows[0]?.mine === true);
        mine.set(runId, known);
      }
      return known;
    };
    const recent = new Set<number>();
    const send = (message: RunEventMessage) => {
      if (ADMIN_ONLY_EVENTS.has(message.type) || message.id === null || recent.has(message.id)) return;
      recent.add(message.id);
      if (recent.size > 10_000) recent.delete(recent.values().next().value as number);
      writer.event(message);
    };
    // One chain keeps live events in the order they arrived while ownership is looked up.
    let chain: Promise<void> = Promise.resolve();
    let replaying = true;
    const buffered: RunEventMessage[] = [];
    const deliver = (message: RunEventMessage) => {
      chain = chain.then(async () => {
        if (!writer.isClosed && (await isMine(message.run_id))) send(message);
      }).catch(() => undefined);
    };
    const unsubscribe = this.hub.subscribeAll((message) => (replaying ? buffered.push(message) : deliver(message)));
    const release = this.track();
    const heartbeat = setInterval(() => writer.comment('heartbeat'), this.config.events.heartbeatMs);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      release();
      writer.close();
    });

    writer.open();
    if (options.afterId > 0) {
      const { rows } = await this.pg.query<EventRow>(
        `SELECT e.id, e.run_id, e.type, e.payload, e.created_at FROM run_events e JOIN runs r ON r.id = e.run_id
         WHERE r.user_id = $1 AND NOT r.draft AND e.id > $2 ORDER BY e.id LIMIT 500`,
        [userId, options.afterId],
      );
      rows.forEach((row) => send(toMessage(row)));
    }
    replaying = false;
    buffered.splice(0).forEach(deliver);
  }

  private async eventsAfter(runId: string, afterId: number, limit: number): Promise<EventRow[]> {
    const { rows } = await this.pg.query<EventRow>(
      {
        name: 'stream_events_after_with_prev',
        // prev_id as the live feed carries it: the run's previous event (an index lookup on run_id, id).
        text: `SELECT e.id, e.run_id, e.type, e.payload, e.created_at,
                 (SELECT max(p.id) FROM run_events p WHERE p.run_id = e.run_id AND p.id < e.id) AS prev_id
               FROM run_events e WHERE e.run_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
      },
      [runId, afterId, limit],
    );
    return rows;
  }

  private async runEnded(runId: string): Promise<boolean> {
    const { rows } = await this.pg.query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [runId]);
    return rows.length === 0 || TERMINAL_RUN_STATUSES.has(rows[0].status);
  }
}

function toMessage(row: EventRow): RunEventMessage {
  return { id: Number(row.id), prev_id: row.prev_id == null ? null : Number(row.prev_id), run_id: row.run_id, type: row.type, payload: row.payload, created_at: row.created_at.toISOString() };
}
