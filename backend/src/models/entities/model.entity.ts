import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface ModelCapabilities {
  tools: boolean;
  streaming: boolean;
  structured_output: boolean;
}

/** An AI model the router may choose. Prices are USD per 1K tokens, NUMERIC (decimal strings). */
@Entity('models')
@Check('chk_models_tier', `"tier" IN ('top', 'mid', 'low')`)
@Check('chk_models_prices', `"input_price_per_1k" >= 0 AND "output_price_per_1k" >= 0`)
@Index('idx_models_provider', ['provider'])
export class Model {
  /** Our id, e.g. `claude-sonnet-4`. */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  provider: string;

  /** The name the provider's API expects. */
  @Column('text')
  apiModelName: string;

  @Column('text', { nullable: true })
  displayName: string | null;

  @Column('text')
  tier: 'top' | 'mid' | 'low';

  @Column('numeric', { name: 'input_price_per_1k', precision: 12, scale: 6 })
  inputPricePer1k: string;

  @Column('numeric', { name: 'output_price_per_1k', precision: 12, scale: 6 })
  outputPricePer1k: string;

  @Column('integer')
  contextWindow: number;

  @Column('jsonb', { default: () => `'{"tools": true, "streaming": true, "structured_output": false}'` })
  capabilities: ModelCapabilities;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
