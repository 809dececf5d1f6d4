import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiException } from '../../common/errors/api.exception';
import type { HttpResponse } from '../../common/http/http-types';

/**
 * Limits login (and registration) attempts per client IP *and* email, so one attacker cannot hammer an account and
 * one busy office IP does not block its colleagues. Answers 429 in the error shape with Retry-After.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const body = request.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    return `${request.ip ?? 'unknown'}|${email}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    // The library names the header after the throttler (`Retry-After-login`); clients expect the standard one.
    context.switchToHttp().getResponse<HttpResponse>().setHeader('Retry-After', detail.timeToBlockExpire);
    throw new ApiException(
      429,
      'TOO_MANY_REQUESTS',
      `Too many attempts. Try again in ${detail.timeToBlockExpire} seconds.`,
    );
  }
}
