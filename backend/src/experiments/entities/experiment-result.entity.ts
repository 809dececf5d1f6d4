import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Experiment } from './experiment.entity';

/** One candidate attempt of an experiment: one model, one repetition. */
@Entity('experiment_results')
@Check('chk_experiment_results_status', `"status" IN ('pending', 'running', 'passed', 'warning', 'failed', 'error')`)
@Index('idx_experiment_results_experiment_id_model_id', ['experimentId', 'modelId'])
export class ExperimentResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  experimentId: string;

  @ManyToOne(() => Experiment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'experiment_id' })
  experiment?: Experiment;

  @Column('text')
  modelId: string;

  @Column('integer', { default: 1 })
  repeatIndex: number;

  @Column('text', { default: 'pending' })
  status: 'pending' | 'running' | 'passed' | 'warning' | 'failed' | 'error';

  @Column('boolean', { nullable: true })
  passed: boolean | null;

  @Column('jsonb', { nullable: true })
  validationResults: unknown;

  @Column('text', { array: true, default: () => "'{}'" })
  failCodes: string[];

  @Column('integer', { default: 0 })
  tokensIn: number;

  @Column('integer', { default: 0 })
  tokensOut: number;

  @Column('numeric', { precision: 14, scale: 6, default: 0 })
  costUsd: string;

  @Column('integer', { nullable: true })
  durationMs: number | null;

  /** Rubric scores 1–5: completeness, accuracy, structure, quality, coherence. */
  @Column('jsonb', { nullable: true })
  rubricScores: Record<string, number> | null;

  @Column('numeric', { precision: 4, scale: 2, nullable: true })
  rubricMean: string | null;

  @Column('text', { nullable: true })
  judgeModelId: string | null;

  /** The isolated attempt's prompt packet, raw output and files, for inspection. */
  @Column('jsonb', { nullable: true })
  attemptRecord: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  errorMessage: string | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
