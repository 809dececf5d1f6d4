import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';

export const REDIS = Symbol('REDIS');
/** `constructor(@InjectRedis() private readonly redis: Redis)` */
export const InjectRedis = () => Inject(REDIS);

/** One shared ioredis connection for readiness checks, rate limits and (later) live events. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const logger = new Logger('Redis');
        const client = new Redis(config.redis.url, {
          // Fail fast instead of queueing commands while Redis is away; callers decide what that means.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectionName: 'esy-api',
        });
        let lastError = '';
        client.on('error', (error: Error) => {
          // Reconnection is automatic; log each distinct failure once rather than every retry.
          if (error.message !== lastError) logger.warn(`Redis: ${error.message}`);
          lastError = error.message;
        });
        client.on('ready', () => (lastError = ''));
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
