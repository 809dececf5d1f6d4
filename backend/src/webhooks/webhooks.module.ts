import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WEBHOOK_DELIVERIES_QUEUE } from './webhook-events';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks (issue 12): subscriptions, signed deliveries through a Bull queue with retries, the log. */
@Module({
  imports: [EventsModule, BullModule.registerQueue({ name: WEBHOOK_DELIVERIES_QUEUE })],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookDispatcher, WebhookDeliveryWorker],
})
export class WebhooksModule {}
