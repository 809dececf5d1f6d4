import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/**
 * A provider's API key, encrypted with AES-256-GCM (key: CREDENTIALS_KEY). Only the status and the last four
 * characters ever leave the server.
 */
@Entity('provider_credentials')
export class ProviderCredential {
  /** `anthropic`, `openai`, `google`, or an OpenAI-compatible provider name. */
  @PrimaryColumn('text')
  provider: string;

  /** base64 of iv (12 bytes) ‖ auth tag (16 bytes) ‖ ciphertext; null when only a base URL is configured. */
  @Column('text', { nullable: true })
  encryptedApiKey: string | null;

  @Column('text', { nullable: true })
  keyLastFour: string | null;

  /** For OpenAI-compatible endpoints (Ollama, vLLM, OpenRouter, …). */
  @Column('text', { nullable: true })
  baseUrl: string | null;

  @Column('boolean', { default: true })
  enabled: boolean;

  /** The last "test connection": when, whether it worked, and the (key-free) error. */
  @Column('timestamptz', { nullable: true })
  lastCheckedAt: Date | null;

  @Column('boolean', { nullable: true })
  lastCheckOk: boolean | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('uuid', { nullable: true })
  updatedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'updated_by_id' })
  updatedBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
