import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Run } from './run.entity';

/** The SSE log: ids increase monotonically, so `Last-Event-ID` replays exactly what a client missed. */
@Entity('run_events')
@Index('idx_run_events_run_id_id', ['runId', 'id'])
export class RunEvent {
  /** bigserial; TypeORM returns bigint as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  runId: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  @Column('text')
  type: string;

  @Column('jsonb', { default: () => "'{}'" })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
