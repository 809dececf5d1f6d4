import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { UserRole } from '../users/entities/user.entity';

export const JWT_ISSUER = 'esy';
export const JWT_AUDIENCE = 'esy-api';

export interface AccessTokenClaims {
  sub: string;
  role: UserRole;
  typ: 'access';
  /** The session (refresh-token family) the token was issued for: "this device" on the sessions page. */
  sid?: string;
}

/** Short-lived JWT access tokens (HS256). Refresh tokens are opaque and live in the database (SessionsService). */
@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(userId: string, role: UserRole, sessionId: string): Promise<string> {
    const claims: AccessTokenClaims = { sub: userId, role, typ: 'access', sid: sessionId };
    return this.jwt.signAsync(claims);
  }

  /** The claims, or null when the token is malformed, forged, expired or not an access token. */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        algorithms: ['HS256'],
      });
      return claims.typ === 'access' && typeof claims.sub === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
