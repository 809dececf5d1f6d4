import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity('users')
@Check('chk_users_role', `"role" IN ('user', 'admin')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique. */
  @Index('uq_users_email', { unique: true })
  @Column('text')
  email: string;

  @Column('text', { nullable: true })
  displayName: string | null;

  @Column('text', { default: 'user' })
  role: UserRole;

  /** argon2id hash (PHC string). Never serialised. */
  @Column('text')
  passwordHash: string;

  @Column('text', { nullable: true })
  avatarUrl: string | null;

  @Column('boolean', { default: false })
  disabled: boolean;

  /** Set by an administrator's reset: the temporary password works only to choose a new one. */
  @Column('boolean', { default: false })
  mustChangePassword: boolean;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;

  /** Email me when one of my runs pauses or finishes (set in the user app's settings). */
  @Column('boolean', { default: false })
  emailRunUpdates: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
