import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsObject, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ErrorDetailDto } from '../../common/errors/error-response.dto';
import { CostProfileDto, SpecSummaryDto } from '../../workflows/dto/workflow.dto';
import { SpecVersionDto } from './template.dto';
import { OptionalField, NullableField } from '../../common/validation/presence.decorators';

/**
 * The executable part of a spec. The envelope is checked here; `stages`, `intent_schema` and `qa_config` are
 * checked in depth by the orchestration loader's own schemas (one definition of a valid workflow), so a bad stage
 * answers 400 naming e.g. `stages[1].phase`.
 */
@ApiSchema({ name: 'SpecDraft' })
export class SpecDraftDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  template_id: string;

  @ApiProperty({ example: '1.1.0', description: 'Semantic version, higher than every version the template already has.' })
  @IsString()
  @MaxLength(40)
  version: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'The gates in order: { gate, name, phase, agent | parallel_agents[{agent, role}], tier?, model?, profiles?, contract?, condition?, inputs?, outputs?, estimates{input_tokens, output_tokens, duration_s?}, routing?{mode: static|auto, target_pass_rate?, max_latency_s?, candidates?, exploration?}, max_attempts?, timeout_s?, instructions? } (orchestration/README.md).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  stages: Record<string, unknown>[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Intake form fields: { key, label, type string|text|enum|number|boolean, required, options, default, min_length, max_length, pattern, min, max, help }.',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  intent_schema?: Record<string, unknown>[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: '{ network_checks, blocking_warnings, max_attempts (1–10), escalate_on_retry }',
  })
  @OptionalField()
  @IsObject()
  qa_config?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], description: 'Promises shown to users (“every claim is tied to a numbered source”).' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  output_guarantees?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Research/design modes; defaults to the previous version’s, else ["general"].' })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  modes?: string[];

  @ApiPropertyOptional({ description: 'Used when the intent has no `mode` field; one of `modes`.' })
  @OptionalField()
  @IsString()
  default_mode?: string;

  @ApiPropertyOptional({ example: 'visual-essay' })
  @OptionalField()
  @IsString()
  @MaxLength(60)
  artifact_type?: string;

  @ApiPropertyOptional({ type: [String], example: ['html', 'markdown', 'zip'] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  output_formats?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '5.00', description: 'Budget per run in USD; null or absent uses the platform default.' })
  @NullableField()
  @IsString()
  @Matches(/^\d{1,6}(\.\d{1,6})?$/, { message: 'budget_usd must be a decimal string such as "5.00"' })
  budget_usd?: string | null;

  @ApiPropertyOptional({ enum: ['public', 'private'], default: 'public', description: 'Private versions are visible to administrators only.' })
  @OptionalField()
  @IsIn(['public', 'private'])
  visibility?: 'public' | 'private';
}

@ApiSchema({ name: 'PublishSpecRequest' })
export class PublishSpecDto extends SpecDraftDto {
  @ApiPropertyOptional({ default: true, description: 'Make it the version new runs of the template use.' })
  @OptionalField()
  @IsBoolean()
  activate?: boolean;
}

@ApiSchema({ name: 'SpecPreview', description: 'The result of checking a draft without publishing it.' })
export class SpecPreviewDto {
  @ApiProperty({ description: 'True when publishing this draft would succeed (apart from concurrent publishes).' }) valid: boolean;
  @ApiProperty({ type: [ErrorDetailDto], description: 'Every problem, each naming its field (`stages[1].agent`).' }) issues: ErrorDetailDto[];
  @ApiPropertyOptional({ description: 'sha256 of the canonical JSON the version would have.' }) version_hash?: string;
  @ApiPropertyOptional({ type: CostProfileDto, description: 'Priced on the current model prices.' }) cost_profile?: CostProfileDto;
}

@ApiSchema({ name: 'SpecVersionHistory' })
export class SpecVersionHistoryDto {
  @ApiProperty({ format: 'uuid' }) template_id: string;
  @ApiProperty() template_slug: string;
  @ApiProperty({ type: [SpecVersionDto], description: 'Newest version first.' }) versions: SpecVersionDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'StageChanges' })
export class StageChangesDto {
  @ApiProperty({ type: [String], description: 'Gate ids only in `to`.' }) added: string[];
  @ApiProperty({ type: [String], description: 'Gate ids only in `from`.' }) removed: string[];
  @ApiProperty({ type: [String], description: 'Gate ids in both whose definition differs.' }) changed: string[];
}

@ApiSchema({ name: 'SpecDiff', description: 'What changed between two versions of a template.' })
export class SpecDiffDto {
  @ApiProperty({ type: SpecSummaryDto }) from: SpecSummaryDto;
  @ApiProperty({ type: SpecSummaryDto }) to: SpecSummaryDto;
  @ApiProperty({ type: [String], description: 'Top-level definition fields that differ (`gates`, `intent_schema`, `qa_config`, …).' }) changed_fields: string[];
  @ApiProperty({ type: StageChangesDto }) stages: StageChangesDto;
  @ApiProperty({ description: 'Unified diff of the two definitions as pretty canonical JSON (sorted keys).' }) patch: string;
}

@ApiSchema({ name: 'SpecDiffQuery' })
export class SpecDiffQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The older spec version.' })
  @IsUUID('all')
  from: string;

  @ApiProperty({ format: 'uuid', description: 'The newer spec version (same template).' })
  @IsUUID('all')
  to: string;
}
