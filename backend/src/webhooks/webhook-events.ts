/** Run events a webhook can subscribe to, and the test event "send test event" delivers. */
export const WEBHOOK_EVENTS = ['run_completed', 'run_failed', 'run_paused', 'run_cancelled'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_TEST_EVENT = 'webhook_test';

export const WEBHOOK_DELIVERIES_QUEUE = 'webhook-deliveries';

export interface WebhookDeliveryJob {
  deliveryId: string;
}

/** The JSON body of every delivery (signed as sent, byte for byte). */
export interface WebhookEventBody {
  id: string;
  type: string;
  created_at: string;
  run_id: string | null;
  data: Record<string, unknown>;
}
