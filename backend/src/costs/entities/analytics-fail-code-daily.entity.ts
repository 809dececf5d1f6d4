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

  @PrimaryColumn('text')
  failCode: string;

  @Column('integer', { default: 0 })
  count: number;
}
