import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { WORKFLOW_DEPTHS, WORKFLOW_TYPES } from '../entities/workflow-template.entity';
import { OptionalField } from '../../common/validation/presence.decorators';

@ApiSchema({ name: 'ListWorkflowsQuery' })
export class ListWorkflowsQueryDto {
  @ApiPropertyOptional({ enum: WORKFLOW_TYPES })
  @OptionalField()
  @IsIn(WORKFLOW_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: WORKFLOW_DEPTHS })
  @OptionalField()
  @IsIn(WORKFLOW_DEPTHS)
  depth?: string;

  @ApiPropertyOptional({ description: 'Words matched against name, description, slug and tags.', maxLength: 200 })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  search?: string;
}

@ApiSchema({ name: 'WorkflowTemplate', description: 'What users browse; its active spec is what a new run executes.' })
export class WorkflowTemplateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'visual-essay' }) slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: WORKFLOW_TYPES }) type: string;
  @ApiProperty({ enum: WORKFLOW_DEPTHS }) depth: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: [String] }) what_you_get: string[];
  @ApiProperty({ type: String, nullable: true }) estimated_time: string | null;
  @ApiProperty() step_count: number;
  @ApiProperty() featured: boolean;
  @ApiProperty() sort_order: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) active_spec_id: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1.0.0' }) active_spec_version: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

@ApiSchema({ name: 'WorkflowTemplateList' })
export class WorkflowTemplateListDto {
  @ApiProperty({ type: [WorkflowTemplateDto] }) workflows: WorkflowTemplateDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'StageCost' })
export class StageCostDto {
  @ApiProperty() gate: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['top', 'mid', 'low'] }) tier: string;
  @ApiProperty({ description: 'Model the typical figure is priced on.' }) model: string;
  @ApiProperty() conditional: boolean;
  @ApiProperty({ example: '0.012' }) min_usd: string;
  @ApiProperty() typical_usd: string;
  @ApiProperty() max_usd: string;
  @ApiProperty({ description: 'Share of the typical total, 4 decimals.', example: '0.1250' }) share: string;
}

@ApiSchema({ name: 'CostProfile', description: 'Computed from stage estimates and current model prices.' })
export class CostProfileDto {
  @ApiProperty({ enum: ['USD'] }) currency: 'USD';
  @ApiProperty() min_usd: string;
  @ApiProperty() typical_usd: string;
  @ApiProperty() max_usd: string;
  @ApiPropertyOptional({ description: 'The spec’s budget per run, when it sets one.' }) budget_usd?: string;
  @ApiProperty({ type: [StageCostDto] }) stages: StageCostDto[];
  @ApiProperty({ description: 'How the figures are computed.' }) rule: string;
}

@ApiSchema({ name: 'SpecSummary' })
export class SpecSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) template_id: string;
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({ description: 'sha256 of the canonical JSON of the definition.' }) version_hash: string;
  @ApiProperty({ type: String, nullable: true }) artifact_type: string | null;
  @ApiProperty({ type: [String] }) output_formats: string[];
  @ApiProperty({ enum: ['public', 'private'] }) visibility: string;
  @ApiProperty({ description: 'Whether new runs of the template use this version.' }) active: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiPropertyOptional({ description: 'The template this version belongs to.', type: () => WorkflowTemplateDto })
  template?: WorkflowTemplateDto;
}

@ApiSchema({ name: 'Spec', description: 'An immutable, versioned execution contract of a template.' })
export class SpecDto extends SpecSummaryDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Intake form fields: key, label, type, required, options, default, limits.' })
  intent_schema: unknown[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The gates in order (gate, name, phase, agent, model, condition, inputs, outputs, estimates).' })
  stages: unknown[];

  @ApiProperty({ type: 'object', additionalProperties: true }) qa_config: Record<string, unknown>;
  @ApiProperty({ type: [String] }) output_guarantees: string[];

  @ApiProperty({ type: [String], description: 'Research/design modes the workflow supports; conditions can test `mode`.' })
  modes: string[];

  @ApiProperty({ type: String, nullable: true, description: 'The mode used when the intent names none.' })
  default_mode: string | null;

  @ApiProperty({ type: CostProfileDto, description: 'Computed from the stage estimates and current model prices.' })
  cost_profile: CostProfileDto;
}

@ApiSchema({ name: 'SpecList' })
export class SpecListDto {
  @ApiProperty({ type: [SpecSummaryDto] }) specs: SpecSummaryDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'WorkflowDetail', description: 'A template with its active spec.' })
export class WorkflowDetailDto extends WorkflowTemplateDto {
  @ApiProperty({ type: SpecDto, nullable: true }) active_spec: SpecDto | null;
}
