import { Logger } from '@nestjs/common';
import type { ActiveAttempts } from '@esy/orchestration';
import type Redis from 'ioredis';
import { parseRunEventMessage } from './run-event-message';

/**
 * Stops this process's attempts of a run the moment its `run_cancelled` event arrives on the run-events channel,
 * so the engine can read the run's status from PostgreSQL rarely (`cancelCheckMs`) instead of at every tool
 * round. The status read stays as the fallback for a message lost while Redis was away.
 */
export class CancelListener {
  private readonly logger = new Logger('CancelListener');
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
    private readonly active: ActiveAttempts,
  ) {}

  start(): void {
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: 'esy-worker-cancel', lazyConnect: true });
    let lastError = '';
    subscriber.on('error', (error: Error) => {
      if (error.message !== lastError) this.logger.warn(`Cancel subscription: ${error.message}`);
      lastError = error.message;
    });
    subscriber.on('message', (_channel: string, raw: string) => {
      // Every run event passes here; only a cancellation is worth parsing.
      if (!raw.includes('"run_cancelled"')) return;
      const message = parseRunEventMessage(raw);
      if (message?.type === 'run_cancelled') this.active.abortRun(message.run_id, 'the run was cancelled');
    });
    this.subscriber = subscriber;
    subscriber.connect().catch(() => undefined);
    subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`Cancellations not subscribed: ${error.message}`));
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (!subscriber) return;
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  }
}
