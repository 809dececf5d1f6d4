import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../common/auth/authenticated-user';
import type { HttpRequest, HttpResponse } from '../common/http/http-types';
import { ApiRateLimiter } from './api-rate-limiter.service';
import { COUNTED_BY_ROUTE_GUARD } from './counted-by-route-guard.decorator';

/**
 * Global guard, registered right after authentication so the caller is known: counts the request against its API
 * key, its user, or (public routes) its IP. Failed authentication is counted per IP by the AuthGuard itself.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: ApiRateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(COUNTED_BY_ROUTE_GUARD, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest & AuthenticatedRequest>();
    const { policy, key } = ApiRateLimiter.subjectOf(request.user, request.ip);
    await this.limiter.consume(policy, key, http.getResponse<HttpResponse>());
    return true;
  }
}
