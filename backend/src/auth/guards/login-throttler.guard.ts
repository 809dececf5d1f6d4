import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { auditContextOf } from '../../audit/audit-context';
import { AuditService } from '../../audit/audit.service';
import type { AuthenticatedRequest } from '../../common/auth/authenticated-user';
import { ApiException } from '../../common/errors/api.exception';
import type { HttpRequest } from '../../common/http/http-types';
import type { HttpResponse } from '../../common/http/http-types';

/**
 * Limits login (and registration) attempts per client IP *and* email, so one attacker cannot hammer an account and
 * one busy office IP does not block its colleagues. Answers 429 in the error shape with Retry-After.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  // Property injection: the base class's constructor parameters belong to the throttler library.
  @Inject(AuditService) private readonly audit!: AuditService;

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const body = request.body as { email?: unknown; token?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    // A password reset carries no email: count per link (its id, before the dot) instead.
    const subject = email || (typeof body?.token === 'string' ? `reset:${body.token.split('.')[0].slice(0, 36)}` : '');
    return `${request.ip ?? 'unknown'}|${subject}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    // The library names the header after the throttler (`Retry-After-login`); clients expect the standard one.
    context.switchToHttp().getResponse<HttpResponse>().setHeader('Retry-After', detail.timeToBlockExpire);
    if (detail.totalHits === detail.limit + 1) {
      // Once per lockout (the first refused attempt), not for every attempt after it.
      const request = context.switchToHttp().getRequest<HttpRequest & AuthenticatedRequest & { body?: { email?: unknown } }>();
      const email = typeof request.body?.email === 'string' ? request.body.email.trim().toLowerCase() : null;
      await this.audit.record(auditContextOf(request), {
        action: 'auth.locked_out',
        target: { type: 'user', label: email },
        after: { path: request.path, seconds: detail.timeToBlockExpire },
      });
    }
    throw new ApiException(
      429,
      'TOO_MANY_REQUESTS',
      `Too many attempts. Try again in ${detail.timeToBlockExpire} seconds.`,
    );
  }
}
