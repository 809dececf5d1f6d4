import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { InjectRedis } from '../../redis/redis.module';

/** Counts hits in a fixed window; the first hit sets the expiry. Returns [hits, milliseconds left]. */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }
`;

/**
 * Rate-limit counters in Redis, so the limit holds across every API instance. If Redis is unreachable the
 * request is allowed (and logged): an outage of the limiter must not lock everybody out.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    /** REDIS_KEY_PREFIX: installations (and test suites) sharing one Redis count separately. */
    private readonly keyPrefix = 'esy',
  ) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string) {
    try {
      const [hits, remainingMs] = (await this.redis.eval(
        INCREMENT_SCRIPT,
        1,
        `${this.keyPrefix}:throttle:${throttlerName}:${key}`,
        String(ttl),
      )) as [number, number];
      const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
      const isBlocked = hits > limit;
      return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
    } catch (error) {
      this.logger.warn(`Rate limiting skipped, Redis unavailable: ${(error as Error).message}`);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
