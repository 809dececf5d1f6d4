import { type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { forbidden } from '../errors/api.exception';
import type { AuthenticatedRequest } from './authenticated-user';

/** Refuses API-key callers: a leaked key must not be able to mint, list or revoke keys and so outlive its revocation. */
@Injectable()
export class SessionOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (user?.via === 'api_key') {
      throw forbidden('API keys cannot manage API keys: sign in with a password session.', 'INSUFFICIENT_SCOPE');
    }
    return true;
  }
}

/** Routes for signed-in sessions only; an API key gets 403 INSUFFICIENT_SCOPE whatever its scopes. */
export const SessionOnly = () => UseGuards(SessionOnlyGuard);
