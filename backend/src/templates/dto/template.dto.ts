import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SpecDto, SpecSummaryDto, WorkflowTemplateDto } from '../../workflows/dto/workflow.dto';
import { WORKFLOW_DEPTHS, WORKFLOW_TYPES } from '../../workflows/entities/workflow-template.entity';
import { PageCursor, PageLimit, PageOffset } from '../../common/validation/pagination.decorators';
import { CursorPageDto } from '../../common/pagination/cursor-page.dto';
import { OptionalField, NullableField } from '../../common/validation/presence.decorators';

/** Same rule as a workflow file's `workflow` slug (orchestration/core/content/workflow-schema.ts). */
export const TEMPLATE_SLUG = /^[a-z0-9][a-z0-9-]*$/;

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

/** Catalogue fields shared by create and update (everything but the slug, which never changes). */
class TemplateFieldsDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Shown on the template card and detail page.' })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ enum: WORKFLOW_DEPTHS, description: 'Default run depth.' })
  @OptionalField()
  @IsIn(WORKFLOW_DEPTHS)
  depth?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(40, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'What a user receives (bullet points).' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  what_you_get?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 60, example: '25–40 min' })
  @NullableField()
  @IsString()
  @MaxLength(60)
  estimated_time?: string | null;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  featured?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: -10000, maximum: 10000, description: 'Lower first in listings.' })
  @OptionalField()
  @IsInt()
  @Min(-10_000)
  @Max(10_000)
  sort_order?: number;

  @ApiPropertyOptional({ description: 'Whether users see it (it also needs an active spec).' })
  @OptionalField()
  @IsBoolean()
  active?: boolean;
}

@ApiSchema({ name: 'CreateTemplateRequest' })
export class CreateTemplateDto extends TemplateFieldsDto {
  @ApiProperty({ example: 'word-origins', maxLength: 80, description: 'Lowercase letters, digits and dashes; unique; cannot change later.' })
  @IsString()
  @MaxLength(80)
  @Matches(TEMPLATE_SLUG, { message: 'slug must be a lowercase slug (letters, digits, dashes)' })
  slug: string;

  @ApiProperty({ maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ enum: WORKFLOW_TYPES })
  @IsIn(WORKFLOW_TYPES)
  type: string;
}

@ApiSchema({ name: 'UpdateTemplateRequest', description: 'Only the fields sent change. Publishing a spec is a separate call.' })
export class UpdateTemplateDto extends TemplateFieldsDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: WORKFLOW_TYPES })
  @OptionalField()
  @IsIn(WORKFLOW_TYPES)
  type?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Make another published version of this template the one new runs use (e.g. roll back).' })
  @OptionalField()
  @IsUUID('all')
  active_spec_id?: string;
}

@ApiSchema({ name: 'DuplicateTemplateRequest' })
export class DuplicateTemplateDto {
  @ApiProperty({ maxLength: 80, description: 'Slug of the copy.' })
  @IsString()
  @MaxLength(80)
  @Matches(TEMPLATE_SLUG, { message: 'slug must be a lowercase slug (letters, digits, dashes)' })
  slug: string;

  @ApiPropertyOptional({ maxLength: 120, description: 'Defaults to “<name> (copy)”.' })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;
}

@ApiSchema({ name: 'ListAdminTemplatesQuery' })
export class ListAdminTemplatesQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Matches name, slug and description (case-insensitive).' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: WORKFLOW_TYPES })
  @OptionalField()
  @IsIn(WORKFLOW_TYPES)
  type?: string;

  @ApiPropertyOptional({ default: false, description: 'Include archived (soft-deleted) templates.' })
  @OptionalField()
  @Transform(toBoolean)
  @IsBoolean()
  include_archived?: boolean;

  @PageLimit(50, 200)
  limit: number = 50;

  @PageOffset(1_000_000)
  offset: number = 0;

  @PageCursor()
  cursor?: string;
}

@ApiSchema({ name: 'AdminTemplate', description: 'A template as creators see it, archived or inactive ones included.' })
export class AdminTemplateDto extends WorkflowTemplateDto {
  @ApiProperty({ description: 'Whether users see it (when it also has an active spec and is not archived).' }) active: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set when archived (soft-deleted).' }) archived_at: string | null;
  @ApiProperty({ description: 'Published spec versions.' }) spec_count: number;
  @ApiProperty({ type: String, nullable: true, description: 'Highest published version.' }) latest_version: string | null;
  @ApiProperty({ description: 'Runs started from any of its versions.' }) run_count: number;
}

@ApiSchema({ name: 'AdminTemplateList' })
export class AdminTemplateListDto extends CursorPageDto {
  @ApiProperty({ type: [AdminTemplateDto] }) templates: AdminTemplateDto[];
  @ApiProperty({ description: 'Templates matching the filters (ignoring limit/offset).' }) total: number;
}

@ApiSchema({ name: 'SpecVersion', description: 'One published version in a template’s history.' })
export class SpecVersionDto extends SpecSummaryDto {
  @ApiProperty() stage_count: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who published it (null for the seed).' }) created_by_id: string | null;
  @ApiProperty({ description: 'Runs pinned to this version.' }) run_count: number;
}

@ApiSchema({ name: 'AdminTemplateDetail' })
export class AdminTemplateDetailDto extends AdminTemplateDto {
  @ApiProperty({ type: [SpecVersionDto], description: 'Newest first.' }) versions: SpecVersionDto[];
  @ApiProperty({ type: SpecDto, nullable: true, description: 'The version new runs use, in full.' }) active_spec: SpecDto | null;
}
