import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Run } from './run.entity';

export const GATE_STATUSES = ['pending', 'running', 'passed', 'warning', 'failed', 'skipped'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];
export const GATE_PHASES = ['intake', 'research', 'spec', 'design', 'production', 'audit', 'publication'] as const;
export type GatePhase = (typeof GATE_PHASES)[number];

/**
 * One attempt of one gate in a run. Large columns (prompt_packet, raw_output, validation_results) must be left out
 * of list queries (select explicit columns).
 */
@Entity('gate_executions')
@Check(
  'chk_gate_executions_status',
  `"status" IN ('pending', 'running', 'passed', 'warning', 'failed', 'skipped')`,
)
@Check(
  'chk_gate_executions_phase',
  `"phase" IN ('intake', 'research', 'spec', 'design', 'production', 'audit', 'publication')`,
)
@Check('chk_gate_executions_attempt', `"attempt_number" >= 1 AND "max_attempts" >= 1`)
@Unique('uq_gate_executions_run_id_gate_id_attempt_number', ['runId', 'gateId', 'attemptNumber'])
@Index('idx_gate_executions_run_id_gate_order', ['runId', 'gateOrder', 'attemptNumber'])
@Index('idx_gate_executions_gate_id_created_at', ['gateId', 'createdAt'])
@Index('idx_gate_executions_model_id_created_at', ['modelId', 'createdAt'])
@Index('idx_gate_executions_routing_evidence', ['gateId', 'modelId', 'completedAt'], { where: `"attempt_number" = 1` })
@Index('idx_gate_executions_model_history', ['modelId', 'simulated', 'completedAt'], { where: `"attempt_number" = 1` })
@Index('idx_gate_executions_running', ['startedAt'], { where: `"status" = 'running'` })
@Index('idx_gate_executions_lease_expires_at', ['leaseExpiresAt'], { where: `"status" = 'running'` })
export class GateExecution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  runId: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  /** `G1`, `G4.1`, … */
  @Column('text')
  gateId: string;

  @Column('text')
  gateName: string;

  @Column('text')
  phase: GatePhase;

  @Column('integer')
  gateOrder: number;

  @Column('text', { nullable: true })
  agentSlug: string | null;

  /** The model that served the attempt, as recorded (not a foreign key: history outlives catalogue edits). */
  @Column('text', { nullable: true })
  modelId: string | null;

  @Column('text', { nullable: true })
  modelProvider: string | null;

  @Column('text', { default: 'pending' })
  status: GateStatus;

  @Column('integer', { default: 1 })
  attemptNumber: number;

  @Column('integer', { default: 3 })
  maxAttempts: number;

  @Column('jsonb', { nullable: true })
  promptPacket: Record<string, unknown> | null;

  /** Every round of the attempt exactly as returned (text, tool calls, usage). */
  @Column('jsonb', { nullable: true })
  rawOutput: unknown;

  @Column('jsonb', { nullable: true })
  validationResults: unknown;

  @Column('text', { array: true, default: () => "'{}'" })
  failCodes: string[];

  /** How the router chose the model (override, stage, hint, tier default, fallbacks tried). */
  @Column('jsonb', { nullable: true })
  routing: unknown;

  @Column('integer', { default: 0 })
  tokensIn: number;

  @Column('integer', { default: 0 })
  tokensOut: number;

  // 9 decimals: tokens / 1000 × a 6-decimal price is exact (ModelCostsAnalytics migration).
  @Column('numeric', { precision: 20, scale: 9, default: 0 })
  costUsd: string;

  @Column('integer', { nullable: true })
  durationMs: number | null;

  @Column('boolean', { default: false })
  simulated: boolean;

  /** Why the status is what it is when a person or a rule decided it (skip reason, approval note, condition). */
  @Column('text', { nullable: true })
  statusReason: string | null;

  /** Who overrode the status (approve / skip): a user id. */
  @Column('text', { nullable: true })
  overriddenBy: string | null;

  /** What created the attempt: initial, retry, rerun, resume, recovery, operator_skip, condition. */
  @Column('text', { default: 'initial' })
  trigger: string;

  /** Model an operator asked for on a rerun (router step 1). */
  @Column('text', { nullable: true })
  modelOverride: string | null;

  /** Tiers climbed above the agent's own tier (escalation on retry). */
  @Column('integer', { default: 0 })
  escalation: number;

  /** `{ total, passed, failed, warnings, skipped }` of validation_results, kept small for list views. */
  @Column('jsonb', { nullable: true })
  validationSummary: Record<string, number> | null;

  /** The worker process holding a running attempt, and until when its lease lasts without a heartbeat. */
  @Column('text', { nullable: true })
  workerId: string | null;

  @Column('timestamptz', { nullable: true })
  leaseExpiresAt: Date | null;

  /** Queue job id: a redelivered job finds its attempt instead of creating a second one. */
  @Index('uq_gate_executions_job_id', { unique: true })
  @Column('text', { nullable: true })
  jobId: string | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
