import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsIn, IsInt, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { SpecDto, WorkflowTemplateDto } from '../../workflows/dto/workflow.dto';
import { RUN_STATUSES } from '../entities/run.entity';
import { ArtifactDto } from './artifact.dto';
import { RunTraceDto } from './run-trace.dto';
import { RunDto, RunGateDto, RunVerificationDto } from './run.dto';
import { PageCursor, PageLimit, PageOffset } from '../../common/validation/pagination.decorators';
import { CursorPageDto } from '../../common/pagination/cursor-page.dto';
import { OptionalField } from '../../common/validation/presence.decorators';

@ApiSchema({ name: 'AdminListRunsQuery' })
export class AdminListRunsQueryDto {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @OptionalField()
  @IsIn(RUN_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID('all')
  user_id?: string;

  @ApiPropertyOptional({ example: 'visual-essay' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  template_slug?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @OptionalField()
  @IsDateString()
  date_from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @OptionalField()
  @IsDateString()
  date_to?: string;

  @ApiPropertyOptional({ description: 'Matches the display name, project slug, owner email or run id prefix.', maxLength: 200 })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  search?: string;

  @PageLimit(50, 200)
  limit?: number;

  @PageOffset(10_000_000)
  offset?: number;

  @PageCursor()
  cursor?: string;
}

@ApiSchema({ name: 'RunOwner' })
export class RunOwnerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) display_name: string | null;
}

@ApiSchema({ name: 'AdminRun' })
export class AdminRunDto extends RunDto {
  @ApiProperty({ type: RunOwnerDto }) user: RunOwnerDto;
  @ApiProperty({ description: 'A draft test run started from the template editor: its spec is an unpublished draft; users never see it.' })
  draft: boolean;
}

@ApiSchema({ name: 'AdminRunList' })
export class AdminRunListDto extends CursorPageDto {
  @ApiProperty({ type: [AdminRunDto] }) runs: AdminRunDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'GateAttempt', description: 'One attempt of one gate, everything recorded.' })
export class GateAttemptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() gate_id: string;
  @ApiProperty() gate_name: string;
  @ApiProperty() phase: string;
  @ApiProperty() gate_order: number;
  @ApiProperty() attempt_number: number;
  @ApiProperty() max_attempts: number;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'initial, retry, infra_retry (after an attempt ended by infrastructure), rerun, resume, recovery, operator_skip or condition.' }) trigger: string;
  @ApiProperty({ type: String, nullable: true }) agent_slug: string | null;
  @ApiProperty({ type: String, nullable: true }) model_id: string | null;
  @ApiProperty({ type: String, nullable: true }) model_provider: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Model an operator asked for on a rerun.' }) model_override: string | null;
  @ApiProperty() escalation: number;
  @ApiProperty({ type: [String] }) fail_codes: string[];
  @ApiProperty({
    description:
      'The attempt was ended by infrastructure (WORKER_LOST, STORAGE_UNAVAILABLE, PROVIDER_UNAVAILABLE), not by the model: it was retried under the infrastructure budget and does not count toward max_attempts.',
  })
  infrastructure: boolean;
  @ApiProperty({ type: String, nullable: true }) status_reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'User who approved or skipped it.' }) overridden_by: string | null;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty() cost_usd: string;
  @ApiProperty({ type: Number, nullable: true }) duration_ms: number | null;
  @ApiProperty() simulated: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '`{ total, passed, failed, warnings, skipped }`' })
  validation_summary: Record<string, number> | null;
  @ApiProperty({ description: 'Exactly what was sent to the model(s).', type: 'object', additionalProperties: true, nullable: true })
  prompt_packet: unknown;
  @ApiProperty({ description: 'Exactly what came back, every round, with tool calls and usage.', type: 'object', additionalProperties: true, nullable: true })
  raw_output: unknown;
  @ApiProperty({ description: 'Every contract check: `{type, target, passed, severity, detail}` rows.', type: 'object', additionalProperties: true, nullable: true })
  validation_results: unknown;
  @ApiProperty({ description: 'How the router chose each agent’s model (rule, tier, fallbacks, retries).', type: 'array', items: { type: 'object', additionalProperties: true }, nullable: true })
  routing: unknown;
  @ApiProperty({ type: String, nullable: true }) worker_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at: string | null;
}

@ApiSchema({ name: 'OperatorActionRecord' })
export class OperatorActionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['rerun', 'skip', 'approve', 'cancel', 'resume'] }) action: string;
  @ApiProperty({ type: String, nullable: true }) gate_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) gate_execution_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) user_id: string | null;
  @ApiProperty({ type: String, nullable: true }) user_email: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

@ApiSchema({ name: 'CostByGate' })
export class CostByGateDto {
  @ApiProperty() gate_id: string;
  @ApiProperty() gate_name: string;
  @ApiProperty() attempts: number;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty() cost_usd: string;
}

@ApiSchema({ name: 'CostByModel' })
export class CostByModelDto {
  @ApiProperty({ type: String, nullable: true }) model_id: string | null;
  @ApiProperty({ type: String, nullable: true }) model_provider: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty() cost_usd: string;
}

@ApiSchema({ name: 'CostBreakdown' })
export class CostBreakdownDto {
  @ApiProperty() total_usd: string;
  @ApiProperty({ type: [CostByGateDto] }) by_gate: CostByGateDto[];
  @ApiProperty({ type: [CostByModelDto] }) by_model: CostByModelDto[];
}

@ApiSchema({ name: 'AdminRunDetail' })
export class AdminRunDetailDto {
  @ApiProperty({ type: AdminRunDto }) run: AdminRunDto;
  @ApiProperty({ type: [RunGateDto] }) gates: RunGateDto[];
  @ApiProperty({ type: RunVerificationDto }) verification: RunVerificationDto;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description:
      'The final integrity sweep: { checked_at, outcome intact|regressed, gates[{gate_id, attempt_number, checks, still_passing}], regressions[{gate_id, gate_name, check, file, detail, last_changed_by{gate_id, attempt_number}}] }; null until the run reached its end.',
  })
  integrity_sweep: Record<string, unknown> | null;
  @ApiProperty({ type: [GateAttemptDto], description: 'Every attempt of every gate, in order.' }) attempts: GateAttemptDto[];
  @ApiProperty({ type: [ArtifactDto], description: 'Every version of every file.' }) artifacts: ArtifactDto[];
  @ApiProperty({ type: [OperatorActionDto] }) operator_actions: OperatorActionDto[];
  @ApiProperty({ type: CostBreakdownDto }) cost_breakdown: CostBreakdownDto;
  @ApiProperty({
    type: RunTraceDto,
    description: 'Every gate, attempt, parallel agent, model round and tool call with its start and duration, for the trace view.',
  })
  trace: RunTraceDto;
  @ApiProperty({ type: WorkflowTemplateDto }) template: WorkflowTemplateDto;
  @ApiProperty({ type: SpecDto }) spec: SpecDto;
  @ApiProperty() last_event_id: number;
}

@ApiSchema({ name: 'RerunGateRequest' })
export class RerunGateDto {
  @ApiPropertyOptional({ description: 'Run the new attempt on this model (an active model id).', example: 'gpt-4o' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  model_id?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@ApiSchema({ name: 'GateDecisionRequest' })
export class GateDecisionDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'Why: recorded with who decided.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ApiSchema({ name: 'CancelRunRequest' })
export class CancelRunDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@ApiSchema({ name: 'ResumeRunRequest' })
export class ResumeRunDto {
  @ApiPropertyOptional({ description: 'A new budget for the run (decimal USD), e.g. after BUDGET_EXCEEDED.', example: '10.00' })
  @OptionalField()
  @IsString()
  @Matches(/^\d{1,8}(\.\d{1,6})?$/, { message: 'budget_usd must be a decimal amount such as 10.00' })
  budget_usd?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@ApiSchema({ name: 'BulkRunsRequest' })
export class BulkRunsDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  run_ids: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@ApiSchema({ name: 'BulkRunResult' })
export class BulkRunResultDto {
  @ApiProperty({ format: 'uuid' }) run_id: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ description: 'The gate rerun (bulk rerun).' }) gate_id?: string;
  @ApiPropertyOptional({ description: 'Error code when not ok (NOT_FOUND, CONFLICT, …).' }) code?: string;
  @ApiPropertyOptional() message?: string;
}

@ApiSchema({ name: 'BulkRunsResponse' })
export class BulkRunsResponseDto {
  @ApiProperty({ type: [BulkRunResultDto] }) results: BulkRunResultDto[];
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
}

@ApiSchema({ name: 'RunActionResponse' })
export class RunActionResponseDto {
  @ApiProperty({ type: AdminRunDto }) run: AdminRunDto;
  @ApiPropertyOptional({ type: RunGateDto, description: 'The gate acted on (rerun, skip, approve).' }) gate?: RunGateDto;
}

@ApiSchema({ name: 'GateDiffQuery' })
export class GateDiffQueryDto {
  @ApiProperty({ type: 'integer', description: 'Attempt number to compare from.', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from: number;

  @ApiProperty({ type: 'integer', description: 'Attempt number to compare to.', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to: number;
}

@ApiSchema({ name: 'FileDiff' })
export class FileDiffDto {
  @ApiProperty() path: string;
  @ApiProperty({ enum: ['added', 'removed', 'modified', 'unchanged'] }) change: string;
  @ApiProperty({ type: String, nullable: true }) from_sha256: string | null;
  @ApiProperty({ type: String, nullable: true }) to_sha256: string | null;
  @ApiProperty({ description: 'Unified diff (empty when unchanged).' }) diff: string;
}

@ApiSchema({ name: 'GateDiff' })
export class GateDiffDto {
  @ApiProperty({ format: 'uuid' }) run_id: string;
  @ApiProperty() gate_id: string;
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [FileDiffDto] }) files: FileDiffDto[];
}
