import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { PasswordResetToken } from './entities/password-reset-token.entity';

/** Data access for emailed password-reset links. */
@Injectable()
export class PasswordResetTokensRepository {
  constructor(@InjectRepository(PasswordResetToken) private readonly tokens: Repository<PasswordResetToken>) {}

  async create(token: Pick<PasswordResetToken, 'id' | 'userId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    await this.tokens.insert(token);
  }

  findById(id: string): Promise<PasswordResetToken | null> {
    return this.tokens.findOneBy({ id });
  }

  /** Marks the token used if it still can be: of two concurrent uses exactly one gets true. */
  async consume(id: string, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PasswordResetToken)
      .set({ usedAt: () => 'now()' })
      .where('id = :id AND used_at IS NULL AND expires_at > now()', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** A new password makes every other outstanding link of the user useless. */
  async invalidateAllForUser(userId: string, manager: EntityManager): Promise<void> {
    await manager.update(PasswordResetToken, { userId, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
