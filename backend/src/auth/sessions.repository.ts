import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RefreshToken } from './entities/refresh-token.entity';

/** One signed-in device: a refresh-token family, described by its newest token. */
export interface ActiveSession {
  id: string;
  userAgent: string | null;
  ip: string | null;
  startedAt: Date;
  /** When the session last renewed its access token (every 15 minutes or so while in use). */
  lastUsedAt: Date;
}

/** Read side of sessions for the sessions page. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>) {}

  /** Families that still hold a usable token, most recently used first. */
  async listActive(userId: string): Promise<ActiveSession[]> {
    const rows = await this.tokens.query(
      `SELECT family_id AS id,
              (array_agg(user_agent ORDER BY created_at DESC))[1] AS user_agent,
              (array_agg(ip ORDER BY created_at DESC))[1] AS ip,
              min(created_at) AS started_at,
              max(created_at) AS last_used_at
         FROM refresh_tokens
        WHERE user_id = $1
        GROUP BY family_id
       HAVING bool_or(revoked_at IS NULL AND rotated_at IS NULL AND expires_at > now())
        ORDER BY max(created_at) DESC`,
      [userId],
    );
    return (rows as Array<{ id: string; user_agent: string | null; ip: string | null; started_at: Date; last_used_at: Date }>).map((row) => ({
      id: row.id,
      userAgent: row.user_agent,
      ip: row.ip,
      startedAt: row.started_at,
      lastUsedAt: row.last_used_at,
    }));
  }

  /** Revokes one family of the user; false when the user has no such live session. */
  async revokeFamily(userId: string, familyId: string, reason: string): Promise<boolean> {
    const result = await this.tokens
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND family_id = :familyId AND revoked_at IS NULL', { userId, familyId })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
