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
import { Run } from '../../runs/entities/run.entity';
import { User } from '../../users/entities/user.entity';
import { Spec } from '../../workflows/entities/spec.entity';

export const EXPERIMENT_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** A/B test of models on one gate, replaying a source run's workspace up to that gate. */
@Entity('experiments')
@Check('chk_experiments_status', `"status" IN ('pending', 'running', 'completed', 'failed', 'cancelled')`)
@Check('chk_experiments_repeat_count', `"repeat_count" >= 1`)
@Index('idx_experiments_created_at', ['createdAt'])
export class Experiment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('uuid')
  specId: string;

  @ManyToOne(() => Spec, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'spec_id' })
  spec?: Spec;

  @Column('text')
  gateId: string;

  @Column('uuid', { nullable: true })
  sourceRunId: string | null;

  @ManyToOne(() => Run, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'source_run_id' })
  sourceRun?: Run | null;

  /** Candidate model ids. */
  @Column('text', { array: true })
  modelIds: string[];

  /** The model the source run used at this gate, shown as baseline. */
  @Column('text', { nullable: true })
  baselineModelId: string | null;

  @Column('integer', { default: 1 })
  repeatCount: number;

  /** LLM judge for the rubric score; must differ from the judged model. Null = no rubric. */
  @Column('text', { nullable: true })
  judgeModelId: string | null;

  @Column('text', { default: 'pending' })
  status: ExperimentStatus;

  @Column('jsonb', { nullable: true })
  summary: Record<string, unknown> | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
