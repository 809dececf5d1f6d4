import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Finished attempts carrying each fail code, per UTC day × template × gate × model (trigger-maintained). */
@Entity('analytics_fail_code_daily')
export class AnalyticsFailCodeDaily {
  @PrimaryColumn('date')
  day: string;

  @PrimaryColumn('uuid')
  templateId: string;

  @PrimaryColumn('text')
  gateId: string;

  @PrimaryColumn('text')
  modelId: string;

  /** Attempts served by the simulator are kept apart from real ones (never summed unless asked). */
  @PrimaryColumn('boolean', { default: false })
  simulated: boolean;

  @PrimaryColumn('text')
  failCode: string;

  @Column('integer', { default: 0 })
  count: number;
}
