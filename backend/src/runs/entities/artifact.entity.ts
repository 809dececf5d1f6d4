import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GateExecution } from './gate-execution.entity';
import { Run } from './run.entity';

/** One version of one workspace file, with the attempt that wrote it. `content` is not loaded by listings. */
@Entity('artifacts')
@Index('idx_artifacts_run_id_file_path_created_at', ['runId', 'filePath', 'createdAt'])
export class Artifact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  runId: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  @Index('idx_artifacts_gate_execution_id')
  @Column('uuid', { nullable: true })
  gateExecutionId: string | null;

  @ManyToOne(() => GateExecution, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'gate_execution_id' })
  gateExecution?: GateExecution | null;

  @Column('text', { nullable: true })
  gateId: string | null;

  @Column('text')
  fileName: string;

  /** Path inside the run workspace, `/`-separated, no leading slash. */
  @Column('text')
  filePath: string;

  @Column('text')
  contentType: string;

  /** File bytes (null when stored elsewhere, see storage_url). */
  @Column('bytea', { nullable: true, select: false })
  content: Buffer | null;

  /** sha256 (hex) of the bytes. */
  @Column('text')
  contentHash: string;

  @Column('integer')
  sizeBytes: number;

  @Column('text', { nullable: true })
  storageUrl: string | null;

  @Column('text', { nullable: true })
  artifactType: string | null;

  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
