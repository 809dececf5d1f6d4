import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/** An integrator's key. The secret is shown once; only its sha256 is stored, the prefix identifies it. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_api_keys_user_id')
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text')
  name: string;

  /** Public part of the secret (`esy_<prefix>_…`), shown in listings. */
  @Index('uq_api_keys_prefix', { unique: true })
  @Column('text')
  prefix: string;

  /** sha256 (hex) of the whole secret. */
  @Column('text')
  keyHash: string;

  @Column('text', { array: true, default: () => "'{}'" })
  scopes: string[];

  /** Template slugs this key may run and see runs of; null = every workflow. */
  @Column('text', { array: true, nullable: true })
  workflows: string[] | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
