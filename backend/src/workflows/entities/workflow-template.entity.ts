import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';
import type { Spec } from './spec.entity';

export const WORKFLOW_TYPES = ['visual-essay', 'infographic', 'research'] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];
export const WORKFLOW_DEPTHS = ['quick', 'standard', 'deep'] as const;
export type WorkflowDepth = (typeof WORKFLOW_DEPTHS)[number];

/** What users browse. Its executable contract is the active spec version. */
@Entity('workflow_templates')
@Check('chk_workflow_templates_type', `"type" IN ('visual-essay', 'infographic', 'research')`)
@Check('chk_workflow_templates_depth', `"depth" IN ('quick', 'standard', 'deep')`)
@Index('idx_workflow_templates_listing', ['active', 'sortOrder'])
export class WorkflowTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_workflow_templates_slug', { unique: true })
  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text')
  type: WorkflowType;

  @Column('text', { default: 'standard' })
  depth: WorkflowDepth;

  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  whatYouGet: string[];

  @Column('text', { nullable: true })
  estimatedTime: string | null;

  @Column('integer', { default: 0 })
  stepCount: number;

  @Column('boolean', { default: false })
  featured: boolean;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('integer', { default: 0 })
  sortOrder: number;

  /** The spec version new runs use. */
  @Column('uuid', { nullable: true })
  activeSpecId: string | null;

  @ManyToOne('Spec', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'active_spec_id' })
  activeSpec?: Spec | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  /** Soft delete: hidden everywhere, kept for the runs that used it. */
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
