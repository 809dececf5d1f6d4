import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/**
 * One refresh token of a rotation family. Each use replaces it with a new token of the same family; presenting a
 * token that was already replaced (or revoked) is treated as theft and revokes the whole family.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_refresh_tokens_user_id')
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('idx_refresh_tokens_family_id')
  @Column('uuid')
  familyId: string;

  /** sha256 (hex) of the token's secret part. */
  @Column('text')
  tokenHash: string;

  @Column('timestamptz')
  expiresAt: Date;

  /** Set when this token was exchanged for its successor. */
  @Column('timestamptz', { nullable: true })
  rotatedAt: Date | null;

  @Column('uuid', { nullable: true })
  replacedById: string | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  /** `logout`, `reuse_detected`, `user_disabled`, … */
  @Column('text', { nullable: true })
  revokedReason: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
