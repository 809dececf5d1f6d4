import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException } from '../common/errors/api.exception';
import type { HttpResponse } from '../common/http/http-types';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { InjectRedis } from '../redis/redis.module';

/** Whose budget a request spends; also the policy name in the RateLimit headers. */
export type RateLimitPolicy = 'api_key' | 'user' | 'ip';

/**
 * Fixed-window request limits on every route, counted in Redis so all API replicas share one budget per API key,
 * per user (all sessions together) or per IP address for callers without valid credentials. If Redis fails, each
 * replica falls back to counting in memory (the library's insurance limiter) rather than refusing or allowing all.
 */
@Injectable()
export class ApiRateLimiter {
  private readonly limiters: Record<RateLimitPolicy, RateLimiterRedis>;
  private readonly windowSeconds: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectRedis() redis: Redis) {
    const { windowSeconds, user, apiKey, ip } = config.auth.rateLimit;
    this.windowSeconds = windowSeconds;
    const make = (policy: RateLimitPolicy, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.redis.keyPrefix}:ratelimit:${policy}`,
        points,
        duration: windowSeconds,
        insuranceLimiter: new RateLimiterMemory({ points, duration: windowSeconds }),
      });
    this.limiters = { api_key: make('api_key', apiKey), user: make('user', user), ip: make('ip', ip) };
  }

  /** The policy and key a request is counted under. */
  static subjectOf(user: AuthenticatedUser | undefined, ip: string | undefined): { policy: RateLimitPolicy; key: string } {
    if (user?.via === 'api_key' && user.apiKeyId) return { policy: 'api_key', key: user.apiKeyId };
    if (user) return { policy: 'user', key: user.id };
    return { policy: 'ip', key: ip ?? 'unknown' };
  }

  /**
   * Spends one request and writes `RateLimit-Policy` and `RateLimit` (IETF httpapi-ratelimit-headers draft:
   * quota `q`, window `w`, remaining `r`, seconds to reset `t`). Over the limit: 429 `TOO_MANY_REQUESTS` with
   * `Retry-After`.
   */
  async consume(policy: RateLimitPolicy, key: string, response: HttpResponse): Promise<void> {
    const limiter = this.limiters[policy];
    let result: RateLimiterRes;
    let limited = false;
    try {
      result = await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      result = rejection;
      limited = true;
    }
    const resetSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    response.setHeader('RateLimit-Policy', `"${policy}";q=${limiter.points};w=${this.windowSeconds}`);
    response.setHeader('RateLimit', `"${policy}";r=${Math.max(0, result.remainingPoints)};t=${resetSeconds}`);
    if (!limited) return;
    response.setHeader('Retry-After', String(resetSeconds));
    throw new ApiException(
      429,
      'TOO_MANY_REQUESTS',
      `Rate limit of ${limiter.points} requests per ${this.windowSeconds} seconds reached. Try again in ${resetSeconds} seconds.`,
    );
  }
}
