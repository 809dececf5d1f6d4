import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One administrative change or security event. Append-only: a trigger rejects UPDATE, DELETE and TRUNCATE. No
 * foreign keys on purpose: the record must outlive the user or object it names (the email is kept as written).
 */
@Entity('audit_events')
@Index('idx_audit_events_created_at_id', ['createdAt', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Null for anonymous events (a failed sign-in with an unknown email). */
  @Index('idx_audit_events_actor_id')
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  actorEmail: string | null;

  /** `user.role_changed`, `settings.updated`, `auth.sign_in_failed`, … */
  @Index('idx_audit_events_action')
  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  targetType: string | null;

  @Index('idx_audit_events_target_id')
  @Column('text', { nullable: true })
  targetId: string | null;

  /** What a reader recognises: an email, a model id, a template name. */
  @Column('text', { nullable: true })
  targetLabel: string | null;

  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;
}
