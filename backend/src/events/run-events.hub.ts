import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { REDIS } from '../redis/redis.module';
import { parseRunEventMessage, runEventsChannel, type RunEventMessage } from '../engine/run-event-message';

export type RunEventListener = (message: RunEventMessage) => void;

/**
 * One Redis subscription per API process on the run-events channel, fanned out in memory to the open streams
 * (by run, or to every "all runs" listener). Streams never trust this feed alone: they fill any gap from
 * `run_events`, so a message lost while Redis was away only delays delivery.
 */
@Injectable()
export class RunEventsHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RunEventsHub');
  private readonly byRun = new Map<string, Set<RunEventListener>>();
  private readonly everything = new Set<RunEventListener>();
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() config: AppConfig,
  ) {
    this.channel = runEventsChannel(config.redis.keyPrefix);
  }

  onModuleInit(): void {
    // A dedicated connection: a subscribed client can do nothing else. It queues while reconnecting and
    // resubscribes by itself.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: 'esy-api-events', lazyConnect: true });
    let lastError = '';
    subscriber.on('error', (error: Error) => {
      if (error.message !== lastError) this.logger.warn(`Live events subscription: ${error.message}`);
      lastError = error.message;
    });
    subscriber.on('message', (_channel: string, raw: string) => this.dispatch(raw));
    this.subscriber = subscriber;
    // Not awaited: the API starts (and reports not-ready) while Redis is away; the subscription follows when it is back.
    subscriber.connect().catch(() => undefined);
    subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`Live events not subscribed: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    if (!subscriber) return;
    // quit() waits for Redis to answer; on a connection that is down it would wait in the offline queue for ever
    // and keep the process from exiting on SIGTERM.
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  }

  /** Listens to one run's events; returns the unsubscribe function. */
  subscribeRun(runId: string, listener: RunEventListener): () => void {
    let listeners = this.byRun.get(runId);
    if (!listeners) this.byRun.set(runId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners!.delete(listener);
      if (listeners!.size === 0) this.byRun.delete(runId);
    };
  }

  /** Listens to every run's events (the admin feed, webhook dispatch). */
  subscribeAll(listener: RunEventListener): () => void {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  private dispatch(raw: string): void {
    const message = parseRunEventMessage(raw);
    if (!message) return;
    for (const listener of this.byRun.get(message.run_id) ?? []) listener(message);
    for (const listener of this.everything) listener(message);
  }
}
