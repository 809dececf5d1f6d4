import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectPg, type Pg } from '../database/pg';
import type { RunEventMessage } from '../engine/run-event-message';
import { RunEventsHub } from '../events/run-events.hub';
import { WEBHOOK_EVENTS, type WebhookEventBody } from './webhook-events';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

const SUBSCRIBABLE: ReadonlySet<string> = new Set(WEBHOOK_EVENTS);

/**
 * Turns run events into deliveries: every API process sees every event on the Redis hub; the delivery row's
 * (webhook, event) uniqueness makes exactly one of them queue it. `Esy-Event-Id` is `evt_<run_events id>`.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private unsubscribe?: () => void;

  constructor(
    private readonly hub: RunEventsHub,
    private readonly webhooks: WebhooksRepository,
    private readonly service: WebhooksService,
    @InjectPg() private readonly pg: Pg,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.hub.subscribeAll((message) => {
      if (message.id === null || !SUBSCRIBABLE.has(message.type)) return;
      this.dispatch(message).catch((error: Error) => this.logger.warn(`Webhook event ${message.type} of run ${message.run_id} not queued: ${error.message}`));
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  async dispatch(message: RunEventMessage): Promise<void> {
    const { rows } = await this.pg.query<{ user_id: string; status: string; draft: boolean }>('SELECT user_id, status, draft FROM runs WHERE id = $1', [message.run_id]);
    const run = rows[0];
    // A draft test run is the creator's experiment, not their account's work: their webhooks do not hear of it.
    if (!run || run.draft) return;
    const eventId = `evt_${message.id}`;
    const body: WebhookEventBody = {
      id: eventId,
      type: message.type,
      created_at: message.created_at,
      run_id: message.run_id,
      data: { run: { id: message.run_id, status: run.status }, payload: message.payload },
    };
    for (const webhook of await this.webhooks.subscribersFor(run.user_id, message.type)) {
      await this.service.enqueue(webhook, eventId, message.type, message.run_id, body);
    }
  }
}
