import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';

/** What a stream token opens: one run's stream, the admin feed of every run, or the user's feed of their own runs. */
export type StreamScope = { kind: 'run'; runId: string } | { kind: 'admin-events' } | { kind: 'user-events' };

const scopeText = (scope: StreamScope) => (scope.kind === 'run' ? `run:${scope.runId}` : scope.kind);

/**
 * Short-lived tokens for EventSource, which cannot send an Authorization header: `?token=` on a stream route.
 * A token names its user and the one stream it opens, expires after STREAM_TOKEN_TTL_SECONDS, and is signed with
 * a key derived from JWT_SECRET for this purpose only (so it is useless as an access token, and vice versa).
 */
@Injectable()
export class StreamTokenService {
  private readonly key: Buffer;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.key = createHmac('sha256', config.auth.jwtSecret).update('esy stream tokens v1').digest();
  }

  issue(userId: string, scope: StreamScope, now = Date.now()): { token: string; expiresAt: Date } {
    const expiresAt = new Date(now + this.config.events.streamTokenTtlSeconds * 1000);
    const body = Buffer.from(JSON.stringify({ sub: userId, scope: scopeText(scope), exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresAt };
  }

  /**
   * The user id the token was issued to, or null when it is forged, expired (more than `graceSeconds` ago) or for
   * another stream.
   */
  verify(token: string, scope: StreamScope, now = Date.now(), graceSeconds = 0): string | null {
    const parts = token.split('.');
    if (parts.length !== 2 || parts[0].length > 1024) return null;
    const [body, signature] = parts;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { sub?: unknown; scope?: unknown; exp?: unknown };
      if (typeof claims.sub !== 'string' || claims.scope !== scopeText(scope) || typeof claims.exp !== 'number') return null;
      if ((claims.exp + graceSeconds) * 1000 <= now) return null;
      return claims.sub;
    } catch {
      return null;
    }
  }

  /** The user of a token that may be renewed: valid, or expired within STREAM_TOKEN_RENEW_WINDOW_SECONDS. */
  renewable(token: string, scope: StreamScope, now = Date.now()): string | null {
    return this.verify(token, scope, now, this.config.events.streamTokenRenewWindowSeconds);
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
