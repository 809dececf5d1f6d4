import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { ApiException } from '../common/errors/api.exception';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { RefreshToken } from './entities/refresh-token.entity';
import { digestsEqual, randomSecret, sha256Hex } from './secret-hashing';

export interface IssuedRefreshToken {
  /** `<token id>.<secret>`, given to the client once. */
  token: string;
  expiresAt: Date;
  userId: string;
}

export interface SessionContext {
  userAgent?: string;
  ip?: string;
}

const invalidRefreshToken = () =>
  new ApiException(401, 'INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or revoked.');

/**
 * Refresh-token families with rotation and reuse detection. A login starts a family; every refresh replaces the
 * presented token with a new one of the same family. Presenting a token that was already replaced means it was
 * copied: the whole family is revoked and the caller must log in again.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  start(userId: string, context: SessionContext): Promise<IssuedRefreshToken> {
    return this.issue(userId, randomUUID(), context);
  }

  /**
   * Exchanges a refresh token for its successor. Throws 401 when the token is unknown, expired or revoked, and
   * revokes the family when a replaced token is presented again.
   */
  async rotate(presented: string, context: SessionContext): Promise<IssuedRefreshToken> {
    const current = await this.find(presented);
    if (!current) throw invalidRefreshToken();
    if (current.revokedAt) throw invalidRefreshToken();
    if (current.rotatedAt) {
      await this.revokeFamily(current.familyId, 'reuse_detected');
      this.logger.warn(`Refresh token reuse detected (family ${current.familyId}); the family was revoked.`);
      throw new ApiException(
        401,
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already used. All sessions started from the same login were ended; log in again.',
      );
    }
    if (current.expiresAt.getTime() <= Date.now()) throw invalidRefreshToken();

    return this.tokens.manager.transaction(async (manager) => {
      const next = this.build(current.userId, current.familyId, context);
      await manager.insert(RefreshToken, next.entity);
      // Conditional update: of two concurrent refreshes with the same token, exactly one wins.
      const result = await manager
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ rotatedAt: () => 'now()', replacedById: next.entity.id })
        .where('id = :id AND rotated_at IS NULL AND revoked_at IS NULL', { id: current.id })
        .execute();
      if (!result.affected) throw invalidRefreshToken();
      return next.issued;
    });
  }

  /** Ends the session the token belongs to (its whole family). Unknown tokens are ignored (logout is idempotent). */
  async end(presented: string): Promise<void> {
    const current = await this.find(presented);
    if (current) await this.revokeFamily(current.familyId, 'logout');
  }

  async revokeFamily(familyId: string, reason: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  async revokeAllForUser(userId: string, reason: string): Promise<void> {
    await this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  private async find(presented: string): Promise<RefreshToken | null> {
    const [id, secret] = presented.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const token = await this.tokens.findOneBy({ id });
    return token && digestsEqual(token.tokenHash, sha256Hex(secret)) ? token : null;
  }

  private async issue(userId: string, familyId: string, context: SessionContext): Promise<IssuedRefreshToken> {
    const { entity, issued } = this.build(userId, familyId, context);
    await this.tokens.insert(entity);
    return issued;
  }

  private build(userId: string, familyId: string, context: SessionContext) {
    const id = randomUUID();
    const secret = randomSecret(32);
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000);
    const entity = this.tokens.create({
      id,
      userId,
      familyId,
      tokenHash: sha256Hex(secret),
      expiresAt,
      userAgent: context.userAgent?.slice(0, 500) ?? null,
      ip: context.ip ?? null,
    });
    return { entity, issued: { token: `${id}.${secret}`, expiresAt, userId } };
  }
}
