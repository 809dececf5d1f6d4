import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenService } from '../auth/access-token.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { AuthGuard } from '../auth/guards/auth.guard';
import type { AuthenticatedRequest } from '../common/auth/authenticated-user';
import { ApiException, forbidden, unauthorized } from '../common/errors/api.exception';
import type { HttpRequest, HttpResponse } from '../common/http/http-types';
import { ApiRateLimiter } from '../rate-limit/api-rate-limiter.service';
import { UsersService } from '../users/users.service';
import { StreamTokenService, type StreamScope } from './stream-token.service';

type StreamRequest = HttpRequest & AuthenticatedRequest & { query?: Record<string, unknown>; params?: Record<string, string> };

/** A handler with no metadata: lets the standard AuthGuard authenticate a route that is `@Public()` for it. */
const PLAIN_HANDLER = () => undefined;
class PlainRoute {}

/**
 * Authentication for event streams (routes marked `@Public()` so the global guards leave them to this one):
 * `?token=` (a stream token for exactly this stream) or the usual bearer token / API key. The admin feed also
 * needs the admin role (and an API key's `admin` scope). Whether the caller may see the run is checked by the
 * route (404 when not).
 */
@Injectable()
export class StreamAuthGuard implements CanActivate {
  private readonly headerAuth: AuthGuard;

  constructor(
    reflector: Reflector,
    accessTokens: AccessTokenService,
    apiKeys: ApiKeysService,
    private readonly users: UsersService,
    private readonly tokens: StreamTokenService,
    private readonly rateLimiter: ApiRateLimiter,
  ) {
    this.headerAuth = new AuthGuard(reflector, accessTokens, apiKeys, users, rateLimiter);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StreamRequest>();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    try {
      await this.authenticate(context, request);
    } catch (error) {
      // Like the AuthGuard: a refused stream token spends the IP's budget (the header path already counted).
      if (error instanceof ApiException && error.getStatus() === 401 && typeof request.query?.token === 'string') {
        await this.rateLimiter.consume('ip', request.ip ?? 'unknown', response);
      }
      throw error;
    }
    const { policy, key } = ApiRateLimiter.subjectOf(request.user, request.ip);
    await this.rateLimiter.consume(policy, key, response);
    return true;
  }

  private async authenticate(context: ExecutionContext, request: StreamRequest): Promise<void> {
    const scope: StreamScope = request.path.startsWith('/api/admin/')
      ? { kind: 'admin-events' }
      : request.path.startsWith('/api/me/')
        ? { kind: 'user-events' }
        : { kind: 'run', runId: request.params?.id ?? '' };
    const token = request.query?.token;
    if (typeof token === 'string' && token !== '') {
      const userId = this.tokens.verify(token, scope);
      if (!userId) throw unauthorized('The stream token is invalid, expired or for another stream; ask for a new one.', 'INVALID_STREAM_TOKEN');
      const user = await this.users.findById(userId);
      if (!user) throw unauthorized('The stream token is invalid, expired or for another stream; ask for a new one.', 'INVALID_STREAM_TOKEN');
      if (user.disabled) throw new ApiException(401, 'ACCOUNT_DISABLED', 'This account is disabled.');
      request.user = { id: user.id, email: user.email, role: user.role, via: 'jwt' };
    } else {
      const plain = Object.assign(Object.create(context) as ExecutionContext, {
        getHandler: () => PLAIN_HANDLER,
        getClass: () => PlainRoute,
        getType: () => 'http',
        switchToHttp: () => context.switchToHttp(),
      });
      await this.headerAuth.canActivate(plain);
    }
    const user = request.user!;
    if (scope.kind === 'admin-events' && user.role !== 'admin') throw forbidden('Administrator access is required.');
    if (user.via === 'api_key') {
      const needed = scope.kind === 'admin-events' ? ['read', 'admin'] : ['read'];
      const missing = needed.filter((s) => !user.scopes?.includes(s));
      if (missing.length) throw new ApiException(403, 'INSUFFICIENT_SCOPE', `This API key lacks the scope(s): ${missing.join(', ')}.`);
    }
  }
}
