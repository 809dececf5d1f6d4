import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { GateExecution } from './gate-execution.entity';
import { Run } from './run.entity';

/** Who did what to a run, and why (rerun, skip, approve, cancel, resume, bulk actions). */
@Entity('operator_actions')
@Index('idx_operator_actions_run_id_created_at', ['runId', 'createdAt'])
@Index('idx_operator_actions_created_at', ['createdAt'])
export class OperatorAction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  runId: string | null;

  @ManyToOne(() => Run, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'run_id' })
  run?: Run | null;

  @Column('text', { nullable: true })
  gateId: string | null;

  @Column('uuid', { nullable: true })
  gateExecutionId: string | null;

  @ManyToOne(() => GateExecution, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'gate_execution_id' })
  gateExecution?: GateExecution | null;

  @Column('uuid', { nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user?: User | null;

  /** `rerun`, `skip`, `approve`, `cancel`, `resume`, `bulk_cancel`, … */
  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  reason: string | null;

  /** Action parameters (e.g. the model of a rerun, the ids of a bulk action). */
  @Column('jsonb', { default: () => "'{}'" })
  details: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
