import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest as Request } from '../../common/http/http-types';
import type { AuthenticatedRequest } from '../../common/auth/authenticated-user';
import { IS_PUBLIC } from '../../common/auth/public.decorator';
import { ROLES } from '../../common/auth/roles.decorator';
import { ApiException, forbidden } from '../../common/errors/api.exception';
import type { UserRole } from '../../users/entities/user.entity';

const ADMIN_PATH = /^\/api\/admin(\/|$)/;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard after AuthGuard: `@Roles(...)`, admin-only for every `/api/admin/*` path (even one whose
 * controller forgot `@Roles('admin')`), and API key scopes (`read` for GET, `write` otherwise, `admin` for admin
 * routes).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const user = request.user;
    if (!user) return false;

    const adminRoute = ADMIN_PATH.test(request.path);
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets) ?? [];
    const required = adminRoute ? ['admin'] : roles;
    if (required.length && !required.includes(user.role)) {
      throw forbidden(adminRoute ? 'Administrator access is required.' : 'You are not allowed to do this.');
    }

    if (user.via === 'api_key') {
      const needed = [READ_METHODS.has(request.method) ? 'read' : 'write', ...(adminRoute ? ['admin'] : [])];
      const missing = needed.filter((scope) => !user.scopes?.includes(scope));
      if (missing.length) {
        throw new ApiException(403, 'INSUFFICIENT_SCOPE', `This API key lacks the scope(s): ${missing.join(', ')}.`);
      }
    }
    return true;
  }
}
