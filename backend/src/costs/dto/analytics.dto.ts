import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsUUID, Max, Min } from 'class-validator';
import { OptionalField } from '../../common/validation/presence.decorators';

/** "true"/"false" in a query string; anything else is left for IsBoolean to reject by name. */
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

@ApiSchema({ name: 'AnalyticsSimulatedQuery' })
export class AnalyticsSimulatedQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Count simulated attempts in the figures too. By default every figure is real work only; simulated work is reported apart under `simulated`.' })
  @OptionalField()
  @Transform(queryBoolean)
  @IsBoolean()
  include_simulated: boolean = false;
}

@ApiSchema({ name: 'SimulatedFigures' })
export class SimulatedFiguresDto {
  @ApiProperty({ description: 'Finished simulated attempts.' }) attempts: number;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty({ description: 'What the simulated calls would have cost at the models\' prices (never charged).' }) cost_usd: string;
}

@ApiSchema({ name: 'AnalyticsWindowQuery' })
export class AnalyticsWindowQueryDto extends AnalyticsSimulatedQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 30, minimum: 1, maximum: 366, description: 'Window in UTC days, today included.' })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days: number = 30;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this workflow template.' })
  @OptionalField()
  @IsUUID('all')
  template_id?: string;
}

@ApiSchema({ name: 'AnalyticsPeriod' })
export class PeriodFiguresDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the period (UTC).' })
  from: string;

  @ApiProperty({ description: 'Runs created in the period.' })
  runs: number;

  @ApiProperty()
  completed: number;

  @ApiProperty()
  failed: number;

  @ApiProperty({ description: 'Runs created in the period that are pending, running or paused.' })
  active: number;

  @ApiProperty({ description: 'Simulated spend in the period, never part of cost_usd unless include_simulated.' })
  simulated_cost_usd: string;

  @ApiProperty({ example: '12.345678901', description: 'Exact USD spent by those runs (decimal string).' })
  cost_usd: string;
}

@ApiSchema({ name: 'AnalyticsPeriods' })
export class PeriodsDto {
  @ApiProperty({ type: PeriodFiguresDto, description: 'Since 00:00 UTC today.' })
  today: PeriodFiguresDto;

  @ApiProperty({ type: PeriodFiguresDto, description: 'The last 7 UTC days, today included.' })
  week: PeriodFiguresDto;

  @ApiProperty({ type: PeriodFiguresDto, description: 'Since the first day of this month (UTC).' })
  month: PeriodFiguresDto;
}

@ApiSchema({ name: 'GatePassRate' })
export class GatePassRateDto {
  @ApiProperty({ format: 'uuid' })
  template_id: string;

  @ApiProperty({ type: String, nullable: true })
  template_slug: string | null;

  @ApiProperty({ example: 'G3' })
  gate_id: string;

  @ApiProperty()
  gate_name: string;

  @ApiProperty({ description: 'Finished attempts (passed, warning or failed).' })
  attempts: number;

  @ApiProperty()
  passed: number;

  @ApiProperty()
  warnings: number;

  @ApiProperty()
  failed: number;

  @ApiProperty({ type: Number, nullable: true, description: '(passed + warnings) / attempts, 4 decimals.' })
  pass_rate: number | null;

  @ApiProperty()
  first_attempts: number;

  @ApiProperty()
  first_attempt_passed: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Share of first attempts that passed (or warned), 4 decimals.' })
  first_attempt_pass_rate: number | null;
}

@ApiSchema({ name: 'ModelUsageFigures' })
export class ModelUsageFiguresDto {
  @ApiProperty({ description: "'' for attempts without a model (e.g. skipped before routing)." })
  model_id: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty()
  passed: number;

  @ApiProperty({ type: Number, nullable: true })
  pass_rate: number | null;

  @ApiProperty({ type: Number, nullable: true })
  first_attempt_pass_rate: number | null;

  @ApiProperty()
  tokens_in: number;

  @ApiProperty()
  tokens_out: number;

  @ApiProperty({ example: '1.234567890' })
  cost_usd: string;
}

@ApiSchema({ name: 'AnalyticsOverview' })
export class AnalyticsOverviewDto {
  @ApiProperty({ description: 'Whether simulated attempts are counted in the figures below.' })
  include_simulated: boolean;

  @ApiProperty({ type: SimulatedFiguresDto, description: 'Simulated work in the same window, labelled and apart.' })
  simulated: SimulatedFiguresDto;

  @ApiProperty({ format: 'date-time' })
  generated_at: string;

  @ApiProperty({ type: PeriodsDto })
  periods: PeriodsDto;

  @ApiProperty({ type: [GatePassRateDto], description: 'This month, per template and gate.' })
  gate_pass_rates: GatePassRateDto[];

  @ApiProperty({ type: [ModelUsageFiguresDto], description: 'This month, per model, most expensive first.' })
  model_usage: ModelUsageFiguresDto[];
}

@ApiSchema({ name: 'GateModelReliability' })
export class GateModelReliabilityDto extends GatePassRateDto {
  @ApiProperty()
  model_id: string;
}

@ApiSchema({ name: 'AnalyticsReliability' })
export class AnalyticsReliabilityDto {
  @ApiProperty({ description: 'Whether simulated attempts are counted in the figures below.' })
  include_simulated: boolean;

  @ApiProperty({ type: SimulatedFiguresDto, description: 'Simulated work in the same window, labelled and apart.' })
  simulated: SimulatedFiguresDto;

  @ApiProperty({ format: 'date' })
  from: string;

  @ApiProperty({ format: 'date' })
  to: string;

  @ApiProperty({ type: [GateModelReliabilityDto], description: 'Pass rate by gate × model.' })
  gates_by_model: GateModelReliabilityDto[];

  @ApiProperty({ type: [ModelUsageFiguresDto], description: 'Per model over every gate.' })
  models: ModelUsageFiguresDto[];

  @ApiProperty({ type: ModelUsageFiguresDto, description: 'Every attempt in the window (model_id is "*").' })
  overall: ModelUsageFiguresDto;
}

@ApiSchema({ name: 'FailCodeCount' })
export class FailCodeCountDto {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ description: 'Finished attempts carrying this code.' })
  count: number;

  @ApiProperty({ description: 'count / all fail-code occurrences, 4 decimals.' })
  share: number;
}

@ApiSchema({ name: 'GateFailCodeCount' })
export class GateFailCodeCountDto {
  @ApiProperty({ format: 'uuid' })
  template_id: string;

  @ApiProperty({ type: String, nullable: true })
  template_slug: string | null;

  @ApiProperty()
  gate_id: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  count: number;
}

@ApiSchema({ name: 'AnalyticsFailCodes' })
export class AnalyticsFailCodesDto {
  @ApiProperty({ description: 'Whether simulated attempts are counted in the figures below.' })
  include_simulated: boolean;

  @ApiProperty({ type: SimulatedFiguresDto, description: 'Simulated work in the same window, labelled and apart.' })
  simulated: SimulatedFiguresDto;

  @ApiProperty({ format: 'date' })
  from: string;

  @ApiProperty({ format: 'date' })
  to: string;

  @ApiProperty({ description: 'Failed attempts in the window.' })
  failed_attempts: number;

  @ApiProperty({ type: [FailCodeCountDto] })
  codes: FailCodeCountDto[];

  @ApiProperty({ type: [GateFailCodeCountDto], description: 'Per template, gate and code, most frequent first.' })
  by_gate: GateFailCodeCountDto[];
}

@ApiSchema({ name: 'CostTrendDay' })
export class CostTrendDayDto {
  @ApiProperty({ format: 'date' })
  day: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty()
  tokens_in: number;

  @ApiProperty()
  tokens_out: number;

  @ApiProperty({ example: '0.123456789' })
  cost_usd: string;
}

@ApiSchema({ name: 'CostTrendModelDay' })
export class CostTrendModelDayDto {
  @ApiProperty({ format: 'date' })
  day: string;

  @ApiProperty()
  model_id: string;

  @ApiProperty()
  cost_usd: string;
}

@ApiSchema({ name: 'AnalyticsCostTrend' })
export class AnalyticsCostTrendDto {
  @ApiProperty({ description: 'Whether simulated attempts are counted in the figures below.' })
  include_simulated: boolean;

  @ApiProperty({ type: SimulatedFiguresDto, description: 'Simulated work in the same window, labelled and apart.' })
  simulated: SimulatedFiguresDto;

  @ApiProperty({ format: 'date' })
  from: string;

  @ApiProperty({ format: 'date' })
  to: string;

  @ApiProperty({ example: '42.000000000' })
  total_cost_usd: string;

  @ApiProperty({ type: [CostTrendDayDto], description: 'One entry per day of the window (days without attempts are zero).' })
  days: CostTrendDayDto[];

  @ApiProperty({ type: [CostTrendModelDayDto], description: 'Cost per day and model (only non-empty pairs).' })
  by_model: CostTrendModelDayDto[];
}
