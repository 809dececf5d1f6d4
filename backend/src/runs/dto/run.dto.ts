import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { SpecDto, WorkflowTemplateDto } from '../../workflows/dto/workflow.dto';
import { GATE_STATUSES } from '../entities/gate-execution.entity';
import { RUN_STATUSES } from '../entities/run.entity';
import { PageCursor, PageLimit, PageOffset } from '../../common/validation/pagination.decorators';
import { CursorPageDto } from '../../common/pagination/cursor-page.dto';
import { OptionalField } from '../../common/validation/presence.decorators';

@ApiSchema({ name: 'CreateRunRequest' })
export class CreateRunDto {
  @ApiProperty({ format: 'uuid', description: 'The spec version to run (a template’s `active_spec.id`).' })
  @IsUUID('all')
  spec_id: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { word: 'serendipity', angle: 'etymology', audience: 'general', depth: 'standard' },
    description: 'Values for the spec’s intent_schema fields (plus `depth`). Each bad field gets its own error, named `intent.<key>`.',
  })
  @IsObject()
  intent: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 200, description: 'Defaults to the intent’s main text and the template name.' })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  display_name?: string;
}

@ApiSchema({ name: 'ListRunsQuery' })
export class ListRunsQueryDto {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @OptionalField()
  @IsIn(RUN_STATUSES)
  status?: string;

  @PageLimit(20, 100)
  limit?: number;

  @PageOffset(1_000_000)
  offset?: number;

  @PageCursor()
  cursor?: string;
}

@ApiSchema({ name: 'TemplateRef' })
export class TemplateRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() type: string;
}

@ApiSchema({ name: 'Run' })
export class RunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) spec_id: string;
  @ApiProperty({ format: 'uuid' }) template_id: string;
  @ApiProperty({ type: TemplateRefDto }) template: TemplateRefDto;
  @ApiProperty({ example: 'serendipity-3f9a1c', description: 'Names the run’s files (`{slug}` in contract paths).' }) project_slug: string;
  @ApiProperty() display_name: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) mode: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['quick', 'standard', 'deep'] }) depth: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) intent: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, example: 'G3' }) current_gate: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why a paused run stopped (or a failed run failed).' }) pause_reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why a failed run failed.' }) error_message: string | null;
  @ApiProperty() total_gates: number;
  @ApiProperty() passed_gates: number;
  @ApiProperty() failed_gates: number;
  @ApiProperty() skipped_gates: number;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty({ example: '0.4213', description: 'Exact decimal USD, real and simulated together (see the two below).' }) total_cost_usd: string;
  @ApiProperty({ example: '0.4213', description: 'Real spend: what the budget counts.' }) real_cost_usd: string;
  @ApiProperty({ example: '0.00', description: 'Simulated spend (never charged), shown beside the real spend.' }) simulated_cost_usd: string;
  @ApiProperty({ type: String, nullable: true, description: 'Spend at which the run pauses with BUDGET_EXCEEDED; null = none.' }) budget_usd: string | null;
  @ApiProperty({ description: 'Served (at least in part) by the built-in simulator.' }) simulated: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at: string | null;
  @ApiProperty({ type: Number, nullable: true }) duration_ms: number | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

@ApiSchema({ name: 'ValidationSummary' })
export class ValidationSummaryDto {
  @ApiProperty() total: number;
  @ApiProperty() passed: number;
  @ApiProperty() failed: number;
  @ApiProperty() warnings: number;
}

export const GATE_DECISIONS = ['passed', 'approved_by_operator', 'skipped_by_condition', 'skipped_by_operator', 'skipped', 'failed', 'pending', 'running'] as const;

@ApiSchema({ name: 'RunGate', description: 'One gate of a run: its latest attempt (or "pending" before it starts).' })
export class RunGateDto {
  @ApiProperty({ example: 'G3' }) gate_id: string;
  @ApiProperty() gate_name: string;
  @ApiProperty() phase: string;
  @ApiProperty() gate_order: number;
  @ApiProperty({ enum: GATE_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The latest attempt’s id.' }) attempt_id: string | null;
  @ApiProperty({ description: 'Number of the latest attempt (0 before the first).' }) attempt_number: number;
  @ApiProperty() max_attempts: number;
  @ApiProperty({ description: 'Attempts made so far.' }) attempts: number;
  @ApiProperty({
    description: 'Of those, attempts ended by infrastructure (worker lost, storage or provider down) and retried: they count neither toward max_attempts nor as model failures.',
  })
  infra_retries: number;
  @ApiProperty({ type: [String] }) fail_codes: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Why a person or rule decided the status (skip reason, approval, condition).' }) status_reason: string | null;
  @ApiProperty({ type: ValidationSummaryDto, nullable: true }) validation_summary: ValidationSummaryDto | null;
  @ApiProperty() simulated: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at: string | null;
  @ApiProperty({ type: Number, nullable: true }) duration_ms: number | null;
  @ApiProperty({ description: 'Skipped when the intent makes this gate unnecessary.' }) conditional: boolean;
  @ApiProperty({
    enum: GATE_DECISIONS,
    description: 'How the status came about: passed on its own, approved or skipped by an operator, skipped by its condition.',
  })
  decision: string;
  @ApiProperty({ type: String, nullable: true, description: 'Display name of the operator who approved or skipped the gate (never an id).' })
  decided_by: string | null;
}

@ApiSchema({ name: 'RunOverride' })
export class RunOverrideDto {
  @ApiProperty({ example: 'G5.4' }) gate_id: string;
  @ApiProperty() gate_name: string;
  @ApiProperty({ enum: ['approved_by_operator', 'skipped_by_operator'] }) action: 'approved_by_operator' | 'skipped_by_operator';
  @ApiProperty({ type: String, nullable: true, description: 'The reason the operator recorded.' }) reason: string | null;
  @ApiProperty({ description: 'Display name of the operator (never an id).' }) decided_by: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decided_at: string | null;
}

@ApiSchema({ name: 'RunVerification' })
export class RunVerificationDto {
  @ApiProperty({
    enum: ['verified', 'verified_with_overrides', 'not_verified'],
    description: 'verified: completed, every gate passed on its own; verified_with_overrides: an operator approved or skipped a gate; not_verified: not completed.',
  })
  outcome: 'verified' | 'verified_with_overrides' | 'not_verified';
  @ApiProperty({ type: [RunOverrideDto] }) overrides: RunOverrideDto[];
}

@ApiSchema({ name: 'CreatedRun' })
export class CreatedRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() project_slug: string;
  @ApiProperty() display_name: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: string;
  @ApiProperty() total_gates: number;
  @ApiProperty({ type: [RunGateDto] }) gates: RunGateDto[];
}

@ApiSchema({ name: 'CreateRunResponse' })
export class CreateRunResponseDto {
  @ApiProperty({ type: CreatedRunDto }) run: CreatedRunDto;
}

@ApiSchema({ name: 'RunList' })
export class RunListDto extends CursorPageDto {
  @ApiProperty({ type: [RunDto] }) runs: RunDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'RunDetail' })
export class RunDetailDto {
  @ApiProperty({ type: RunDto }) run: RunDto;
  @ApiProperty({ type: [RunGateDto] }) gates: RunGateDto[];
  @ApiProperty({ type: RunVerificationDto }) verification: RunVerificationDto;
  @ApiProperty({ type: WorkflowTemplateDto }) template: WorkflowTemplateDto;
  @ApiProperty({ type: SpecDto }) spec: SpecDto;
  @ApiProperty({ description: 'Id of the run’s latest event: open the stream with Last-Event-ID = this to get only what follows.' })
  last_event_id: number;
}
