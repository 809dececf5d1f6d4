import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Run } from './run.entity';

/**
 * The current files of a run's workspace (the latest version of each path). PostgreSQL holds them so every
 * worker, on any host, sees the same workspace; `artifacts` keeps every version each attempt wrote.
 */
@Entity('workspace_files')
export class WorkspaceFile {
  @PrimaryColumn('uuid')
  runId: string;

  @ManyToOne(() => Run, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: Run;

  /** Workspace-relative POSIX path (already confined: no `..`, no leading slash). */
  @PrimaryColumn('text')
  path: string;

  @Column('text')
  content: string;

  @Column('text')
  sha256: string;

  @Column('integer')
  sizeBytes: number;

  @Column('text')
  contentType: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
