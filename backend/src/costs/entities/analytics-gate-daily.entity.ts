import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Attempts per UTC day × template × gate × model, kept current by triggers on `gate_executions` (see the
 * ModelCostsAnalytics migration). Read-only for the application: the analytics endpoints aggregate these rows.
 */
@Entity('analytics_gate_daily')
export class AnalyticsGateDaily {
  @PrimaryColumn('date')
  day: string;

  @PrimaryColumn('uuid')
  templateId: string;

  @PrimaryColumn('text')
  gateId: string;

  /** '' when the attempt had no model. */
  @PrimaryColumn('text')
  modelId: string;

  /** Attempts served by the simulator are kept apart from real ones (never summed unless asked). */
  @PrimaryColumn('boolean', { default: false })
  simulated: boolean;

  @Column('text', { default: '' })
  gateName: string;

  /** Finished attempts (passed, warning or failed). */
  @Column('integer', { default: 0 })
  attempts: number;

  @Column('integer', { default: 0 })
  passed: number;

  @Column('integer', { default: 0 })
  warnings: number;

  @Column('integer', { default: 0 })
  failed: number;

  @Column('integer', { default: 0 })
  firstAttempts: number;

  @Column('integer', { default: 0 })
  firstAttemptPassed: number;

  @Column('bigint', { default: 0 })
  tokensIn: string;

  @Column('bigint', { default: 0 })
  tokensOut: string;

  @Column('numeric', { precision: 24, scale: 9, default: 0 })
  costUsd: string;
}
