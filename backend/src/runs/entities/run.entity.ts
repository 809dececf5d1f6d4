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
import { Spec } from '../../workflows/entities/spec.entity';
import { WorkflowTemplate } from '../../workflows/entities/workflow-template.entity';

export const RUN_STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One execution of a spec on one intent. Money is NUMERIC (a decimal string in TypeScript). */
@Entity('runs')
@Check('chk_runs_status', `"status" IN ('pending', 'running', 'paused', 'completed', 'failed', 'cancelled')`)
@Index('idx_runs_user_id_created_at', ['userId', 'createdAt'])
@Index('idx_runs_user_id_status_created_at', ['userId', 'status', 'createdAt'])
@Index('idx_runs_status_created_at', ['status', 'createdAt'])
@Index('idx_runs_template_id_created_at', ['templateId', 'createdAt'])
@Index('idx_runs_created_at', ['createdAt'])
export class Run {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  specId: string;

  @ManyToOne(() => Spec, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'spec_id' })
  spec?: Spec;

  /** Denormalised from the spec for admin filters by template. */
  @Column('uuid')
  templateId: string;

  @ManyToOne(() => WorkflowTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: WorkflowTemplate;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('jsonb')
  intent: Record<string, unknown>;

  @Column('text')
  projectSlug: string;

  @Column('text')
  displayName: string;

  @Column('text', { default: 'pending' })
  status: RunStatus;

  /** Research/design mode resolved at creation (intent.mode or the workflow's default_mode). */
  @Column('text', { nullable: true })
  mode: string | null;

  @Column('text', { nullable: true })
  depth: string | null;

  @Column('text', { nullable: true })
  currentGate: string | null;

  @Column('text', { nullable: true })
  pauseReason: string | null;

  @Column('text', { nullable: true })
  errorMessage: string | null;

  @Column('integer', { default: 0 })
  totalGates: number;

  @Column('integer', { default: 0 })
  passedGates: number;

  @Column('integer', { default: 0 })
  failedGates: number;

  @Column('integer', { default: 0 })
  skippedGates: number;

  @Column('integer', { default: 0 })
  tokensIn: number;

  @Column('integer', { default: 0 })
  tokensOut: number;

  // 9 decimals: tokens / 1000 × a 6-decimal price is exact (ModelCostsAnalytics migration).
  @Column('numeric', { precision: 20, scale: 9, default: 0 })
  totalCostUsd: string;

  /** The simulated part of totalCostUsd: shown beside real spend, never counted by budgets or cost figures. */
  @Column('numeric', { precision: 20, scale: 9, default: 0 })
  simulatedCostUsd: string;

  /** Pauses the run with BUDGET_EXCEEDED when crossed; null = platform default. */
  @Column('numeric', { precision: 14, scale: 6, nullable: true })
  budgetUsd: string | null;

  /** Model forced for every gate of this run (router step 2). */
  @Column('text', { nullable: true })
  modelOverride: string | null;

  @Column('boolean', { default: false })
  simulated: boolean;

  /** A creator's test of an unpublished draft: administrators only, never shown to users. */
  @Column('boolean', { default: false })
  draft: boolean;

  /** Served by the simulator even where providers have keys (a draft test run on the simulator), reruns included. */
  @Column('boolean', { default: false })
  simulatorOnly: boolean;

  /** Where the run's workspace lives (storage-specific: a directory or an object-store prefix). */
  @Column('text', { nullable: true })
  workspaceRoot: string | null;

  /** Deliverable package of a completed run (zip + manifest), once built. */
  @Column('text', { nullable: true })
  packageUrl: string | null;

  /** The final integrity sweep (every passed gate re-checked against the final workspace); null until it ran. */
  @Column('jsonb', { nullable: true })
  integritySweep: Record<string, unknown> | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
