import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac, randomUUID } from 'node:crypto';
import { type EntityManager, IsNull, Not, Repository } from 'typeorm';
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
  /** The login this token belongs to; access tokens carry it as `sid`. */
  familyId: string;
}

export interface SessionContext {
  userAgent?: string;
  ip?: string;
}

/** Thrown inside the rotation transaction to roll back this request's successor when another request won. */
class LostRotationRace extends Error {}

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
   * Exchanges a refresh token for its successor. Throws 401 when the token is unknown, expired or revoked. A token
   * presented again within the grace window (another tab refreshing at the same moment) gets the same successor;
   * later, a second use means the token was copied, and the whole family is revoked.
   */
  async rotate(presented: string, context: SessionContext): Promise<IssuedRefreshToken> {
    const current = await this.find(presented);
    if (!current) throw invalidRefreshToken();
    if (current.revokedAt) throw invalidRefreshToken();
    if (current.rotatedAt) return this.successorWithinGrace(current, presented);
    if (current.expiresAt.getTime() <= Date.now()) throw invalidRefreshToken();

    const next = this.build(current.userId, current.familyId, context, presented);
    const won = await this.tokens.manager.transaction(async (manager) => {
      await manager.insert(RefreshToken, next.entity);
      // Conditional update: of two concurrent refreshes with the same token, exactly one wins.
      const result = await manager
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ rotatedAt: () => 'now()', replacedById: next.entity.id })
        .where('id = :id AND rotated_at IS NULL AND revoked_at IS NULL', { id: current.id })
        .execute();
      if (!result.affected) throw new LostRotationRace();
      return true;
    }).catch((error: unknown) => {
      if (error instanceof LostRotationRace) return false;
      throw error;
    });
    if (won) return next.issued;
    // The other request committed first: share its successor.
    const settled = await this.tokens.findOneBy({ id: current.id });
    if (!settled?.rotatedAt || settled.revokedAt) throw invalidRefreshToken();
    return this.successorWithinGrace(settled, presented);
  }

  /**
   * The successor of an already rotated token, re-derived from the presented secret (successor secrets are never
   * stored), if the rotation happened less than the grace window ago and the successor is still unused.
   * Otherwise this is a replay: the family is revoked.
   */
  private async successorWithinGrace(current: RefreshToken, presented: string): Promise<IssuedRefreshToken> {
    const graceSeconds = this.config.auth.refreshReuseGraceSeconds;
    const successor = current.replacedById
      ? await this.tokens
          .createQueryBuilder('t')
          .where('t.id = :id AND t.revoked_at IS NULL AND t.rotated_at IS NULL AND t.expires_at > now()', { id: current.replacedById })
          // Compared on the database clock, the same one that wrote rotated_at.
          .andWhere(`CAST(:rotatedAt AS timestamptz) > now() - make_interval(secs => :grace)`, { rotatedAt: current.rotatedAt, grace: graceSeconds })
          .getOne()
      : null;
    if (successor) {
      const secret = this.successorSecret(successor.id, presented);
      if (digestsEqual(successor.tokenHash, sha256Hex(secret))) {
        return { token: `${successor.id}.${secret}`, expiresAt: successor.expiresAt, userId: successor.userId, familyId: successor.familyId };
      }
    }
    await this.revokeFamily(current.familyId, 'reuse_detected');
    this.logger.warn(`Refresh token reuse detected (family ${current.familyId}); the family was revoked.`);
    throw new ApiException(
      401,
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used. All sessions started from the same login were ended; log in again.',
    );
  }

  /** Ends the session the token belongs to (its whole family). Unknown tokens are ignored (logout is idempotent). */
  async end(presented: string): Promise<void> {
    const current = await this.find(presented);
    if (current) await this.revokeFamily(current.familyId, 'logout');
  }

  async revokeFamily(familyId: string, reason: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  async revokeAllForUser(userId: string, reason: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.tokens.manager).update(
      RefreshToken,
      { userId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  /** Ends every session of a user except `keepFamilyId` (the one changing the password). */
  async revokeOthers(userId: string, keepFamilyId: string | undefined, reason: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.tokens.manager).update(
      RefreshToken,
      { userId, revokedAt: IsNull(), ...(keepFamilyId ? { familyId: Not(keepFamilyId) } : {}) },
      { revokedAt: new Date(), revokedReason: reason },
    );
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

  /**
   * A successor's secret is an HMAC of the predecessor's full token: only its holder can re-derive it, which lets
   * a concurrent second refresh receive the same successor without the secret ever being stored.
   */
  private successorSecret(successorId: string, predecessor: string): string {
    return createHmac('sha256', this.config.auth.jwtSecret).update(`${successorId}|${predecessor}`).digest('base64url');
  }

  private build(userId: string, familyId: string, context: SessionContext, predecessor?: string) {
    const id = randomUUID();
    const secret = predecessor ? this.successorSecret(id, predecessor) : randomSecret(32);
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
    return { entity, issued: { token: `${id}.${secret}`, expiresAt, userId, familyId } };
  }
}
