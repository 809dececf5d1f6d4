import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { WEBHOOK_DELIVERIES_QUEUE, type WebhookDeliveryJob } from './webhook-events';
import { signWebhook } from './webhook-signature';
import { assertWebhookUrlAllowed } from './webhook-url-policy';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

const DELIVERY_TIMEOUT_MS = 10_000;
const DELIVERY_CONCURRENCY = 4;

/**
 * Sends queued deliveries: a POST of the stored body, signed afresh each attempt. A non-2xx answer or no answer
 * throws, so Bull retries with exponential back-off; every attempt is written to the delivery log.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectQueue(WEBHOOK_DELIVERIES_QUEUE) private readonly queue: Queue<WebhookDeliveryJob>,
    private readonly webhooks: WebhooksRepository,
    private readonly service: WebhooksService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queue.process(DELIVERY_CONCURRENCY, (job: Job<WebhookDeliveryJob>) => this.deliver(job)).catch((error: Error) => {
      this.logger.warn(`Webhook delivery queue unavailable: ${error.message}`);
    });
  }

  async deliver(job: Job<WebhookDeliveryJob>): Promise<void> {
    const delivery = await this.webhooks.findDelivery(job.data.deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const webhook = await this.webhooks.find(delivery.webhook_id);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!webhook) {
      await this.webhooks.recordAttempt(delivery.id, { ok: false, final: true, statusCode: null, error: 'The webhook was deleted.' });
      return;
    }
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      await assertWebhookUrlAllowed(webhook.url, this.config.webhooks.blockPrivateAddresses);
      const response = await fetch(webhook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Esy-Webhooks/1',
          'Esy-Event-Id': delivery.event_id,
          'Esy-Event-Type': delivery.event_type,
          'Esy-Signature': signWebhook(this.service.secretOf(webhook), delivery.body, Math.floor(Date.now() / 1000)),
        },
        body: delivery.body,
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) error = `The receiver answered ${response.status}.`;
    } catch (failure) {
      error = (failure as Error).name === 'TimeoutError' ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.` : String((failure as Error).message ?? failure).slice(0, 500);
    }
    await this.webhooks.recordAttempt(delivery.id, { ok: error === null, final: error !== null && final, statusCode, error });
    if (error !== null) throw new Error(error); // Bull schedules the next attempt (or gives up after the last)
  }
}
