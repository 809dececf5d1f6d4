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
} from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { WorkflowTemplate } from './workflow-template.entity';

/** An immutable, versioned execution contract of a template. Runs pin the spec they started with. */
@Entity('specs')
@Unique('uq_specs_template_id_version', ['templateId', 'version'])
@Check('chk_specs_visibility', `"visibility" IN ('public', 'private')`)
@Index('idx_specs_template_id_created_at', ['templateId', 'createdAt'])
export class Spec {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  templateId: string;

  @ManyToOne(() => WorkflowTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: WorkflowTemplate;

  /** Semver, e.g. `1.0.0`. */
  @Column('text')
  version: string;

  /** sha256 (hex) of the canonical JSON (sorted keys) of `definition`. */
  @Column('text')
  versionHash: string;

  @Column('jsonb', { default: () => "'[]'" })
  intentSchema: unknown[];

  /** The gates in order (agent, model, contract, inputs, outputs, estimates, …). */
  @Column('jsonb', { default: () => "'[]'" })
  stages: unknown[];

  @Column('jsonb', { default: () => "'{}'" })
  qaConfig: Record<string, unknown>;

  @Column('text', { array: true, default: () => "'{}'" })
  outputGuarantees: string[];

  @Column('jsonb', { default: () => "'{}'" })
  costProfile: Record<string, unknown>;

  @Column('text', { nullable: true })
  artifactType: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  outputFormats: string[];

  @Column('text', { default: 'public' })
  visibility: 'public' | 'private';

  /** Made for a draft test run from the template editor: not a published version, never listed as one. */
  @Column('boolean', { default: false })
  draft: boolean;

  /** The complete workflow document this version was created from (modes, default_mode, …). */
  @Column('jsonb')
  definition: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
