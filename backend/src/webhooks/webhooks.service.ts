import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { decryptSecret, encryptSecret } from '@esy/orchestration';
import type { Queue } from 'bull';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { notFound } from '../common/errors/api.exception';
import { type CursorPage, cursorPage } from '../common/pagination/cursor';
import { createdAtKey } from '../common/pagination/created-at-keyset';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { CreatedWebhookDto, type CreateWebhookDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto';
import { WEBHOOK_DELIVERIES_QUEUE, WEBHOOK_TEST_EVENT, type WebhookDeliveryJob, type WebhookEventBody } from './webhook-events';
import { assertWebhookUrlAllowed } from './webhook-url-policy';
import { type WebhookRow, WebhooksRepository } from './webhooks.repository';

/** Subscriptions, their delivery log, and queuing a delivery (the worker in webhook-delivery.worker.ts sends it). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    @InjectQueue(WEBHOOK_DELIVERIES_QUEUE) private readonly queue: Queue<WebhookDeliveryJob>,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(user: AuthenticatedUser, body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    await assertWebhookUrlAllowed(body.url, this.config.webhooks.blockPrivateAddresses);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const row = await this.webhooks.insert({
      user_id: user.id,
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      encrypted_secret: encryptSecret(secret, this.config.credentialsKey),
    });
    return { ...WebhookDto.from(row), secret };
  }

  /** A user's webhooks; an administrator sees everyone's (the admin console lists them all). */
  async list(user: AuthenticatedUser): Promise<WebhookDto[]> {
    return (await this.webhooks.list(user.role === 'admin' ? null : user.id)).map(WebhookDto.from);
  }

  async remove(user: AuthenticatedUser, id: string): Promise<void> {
    await this.ownedBy(user, id);
    await this.webhooks.softDelete(id);
  }

  async deliveries(user: AuthenticatedUser, id: string, query: { limit: number; offset: number; cursor?: string }): Promise<CursorPage<WebhookDeliveryDto>> {
    await this.ownedBy(user, id);
    const rows = await this.webhooks.deliveries(id, { ...query, limit: query.limit + 1 });
    const page = cursorPage(rows, query.limit, createdAtKey);
    return { ...page, items: page.items.map(WebhookDeliveryDto.from) };
  }

  /** Queues a `webhook_test` event to this webhook only, through the same signed, retried path as real events. */
  async sendTest(user: AuthenticatedUser, id: string): Promise<WebhookDeliveryDto> {
    const webhook = await this.ownedBy(user, id);
    const eventId = `evt_test_${randomUUID()}`;
    const body: WebhookEventBody = { id: eventId, type: WEBHOOK_TEST_EVENT, created_at: new Date().toISOString(), run_id: null, data: { webhook_id: webhook.id } };
    const delivery = await this.enqueue(webhook, eventId, WEBHOOK_TEST_EVENT, null, body);
    return WebhookDeliveryDto.from(delivery!);
  }

  /** Records the delivery (once per webhook and event) and queues it with the retry schedule. */
  async enqueue(webhook: WebhookRow, eventId: string, type: string, runId: string | null, body: WebhookEventBody) {
    const delivery = await this.webhooks.insertDelivery({ webhook_id: webhook.id, event_id: eventId, event_type: type, run_id: runId, body: JSON.stringify(body) });
    if (!delivery) return undefined; // another API process queued it already
    await this.queue.add(
      { deliveryId: delivery.id },
      {
        jobId: delivery.id,
        attempts: this.config.webhooks.maxAttempts,
        backoff: { type: 'exponential', delay: this.config.webhooks.retryBaseMs },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
    return delivery;
  }

  secretOf(webhook: WebhookRow): string {
    return decryptSecret(webhook.encrypted_secret, this.config.credentialsKey);
  }

  private async ownedBy(user: AuthenticatedUser, id: string): Promise<WebhookRow> {
    const webhook = await this.webhooks.find(id);
    if (!webhook || (webhook.user_id !== user.id && user.role !== 'admin')) throw notFound(`Webhook ${id}`);
    return webhook;
  }
}
