import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../common/auth/authenticated-user';
import type { HttpRequest } from '../common/http/http-types';

/** Who acted and from where: what every audit record needs from the request. */
export interface AuditContext {
  /** Null when nobody is signed in (a failed sign-in, a forgotten-password request). */
  actor: { id: string; email: string } | null;
  ip: string | null;
  requestId: string | null;
}

export function auditContextOf(request: HttpRequest & AuthenticatedRequest): AuditContext {
  const user = request.user;
  const id = (request as { id?: unknown }).id;
  return {
    actor: user ? { id: user.id, email: user.email } : null,
    ip: request.ip ?? null,
    requestId: typeof id === 'string' ? id : null,
  };
}

/** Controller parameter: `update(@Body() body, @Audit() audit: AuditContext)`, then pass it to `AuditService.record`. */
export const Audit = createParamDecorator((_data: unknown, context: ExecutionContext): AuditContext =>
  auditContextOf(context.switchToHttp().getRequest<HttpRequest & AuthenticatedRequest>()),
);
