import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest as Request } from '../../common/http/http-types';
import type { AuthenticatedRequest, AuthenticatedUser } from '../../common/auth/authenticated-user';
import { IS_PUBLIC } from '../../common/auth/public.decorator';
import { ApiException, unauthorized } from '../../common/errors/api.exception';
import type { HttpResponse } from '../../common/http/http-types';
import { ApiRateLimiter } from '../../rate-limit/api-rate-limiter.service';
import { UsersService } from '../../users/users.service';
import { AccessTokenService } from '../access-token.service';
import { ApiKeysService, looksLikeApiKey } from '../api-keys.service';

/** What a user whose password must change can still reach: who they are, and the change itself. */
const PASSWORD_CHANGE_PATHS = new Set(['/api/auth/me', '/api/auth/password']);

type Credential = { kind: 'jwt' | 'api_key'; value: string };

/** `Authorization: Bearer <jwt | esy_… key>` or `X-API-Key: esy_…`. */
export function extractCredential(request: Request): Credential | null | 'malformed' {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return 'malformed';
    return { kind: looksLikeApiKey(match[1]) ? 'api_key' : 'jwt', value: match[1] };
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return { kind: 'api_key', value: apiKey.trim() };
  return null;
}

/**
 * Global guard: every route needs a valid access token or API key unless marked `@Public()`. The user is
 * re-read on every request, so disabling an account or changing a role takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
    private readonly rateLimiter: ApiRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    try {
      await this.authenticate(request);
    } catch (error) {
      // Failed authentication spends the IP's budget, so guessing credentials is rate-limited too (429 wins).
      if (error instanceof ApiException && error.getStatus() === 401) {
        await this.rateLimiter.consume('ip', request.ip ?? 'unknown', context.switchToHttp().getResponse<HttpResponse>());
      }
      throw error;
    }
    return true;
  }

  private async authenticate(request: Request & AuthenticatedRequest): Promise<void> {
    const credential = extractCredential(request);
    if (credential === null) throw unauthorized('Authentication is required: send a bearer token or an API key.');
    if (credential === 'malformed') {
      throw unauthorized('The Authorization header must be "Bearer <token>".', 'INVALID_TOKEN');
    }
    request.user =
      credential.kind === 'api_key'
        ? await this.fromApiKey(credential.value, request.path)
        : await this.fromJwt(credential.value, request.path);
  }

  private async fromJwt(token: string, path: string): Promise<AuthenticatedUser> {
    const claims = await this.accessTokens.verify(token);
    if (!claims) throw unauthorized('The access token is invalid or expired.', 'INVALID_TOKEN');
    const user = await this.users.findById(claims.sub);
    if (!user) throw unauthorized('The access token is invalid or expired.', 'INVALID_TOKEN');
    if (user.disabled) throw new ApiException(401, 'ACCOUNT_DISABLED', 'This account is disabled.');
    if (user.mustChangePassword) this.requirePasswordChange(path);
    return { id: user.id, email: user.email, role: user.role, via: 'jwt', sessionId: claims.sid };
  }

  /** After an administrator's reset, the temporary password only lets the user choose a new one. */
  private requirePasswordChange(path: string): void {
    if (PASSWORD_CHANGE_PATHS.has(path)) return;
    throw new ApiException(403, 'PASSWORD_CHANGE_REQUIRED', 'Choose a new password before continuing (POST /api/auth/password).');
  }

  private async fromApiKey(secret: string, path: string): Promise<AuthenticatedUser> {
    const { key, user } = await this.apiKeys.authenticate(secret);
    if (user.mustChangePassword) this.requirePasswordChange(path);
    return { id: user.id, email: user.email, role: user.role, via: 'api_key', apiKeyId: key.id, scopes: key.scopes, workflows: key.workflows };
  }
}
