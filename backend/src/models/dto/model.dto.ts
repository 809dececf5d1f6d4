import { ApiProperty, ApiPropertyOptional, ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { OptionalField } from '../../common/validation/presence.decorators';

export const MODEL_TIERS = ['top', 'mid', 'low'] as const;
/** Prices are USD per 1,000 tokens with at most 6 decimals (the column's scale), so costs stay exact. */
const PRICE = /^\d{1,6}(\.\d{1,6})?$/;
const PRICE_MESSAGE = (field: string) => `${field} must be a decimal USD amount per 1,000 tokens with at most 6 decimals, e.g. "0.003"`;

@ApiSchema({ name: 'ModelCapabilities' })
export class ModelCapabilitiesDto {
  @ApiProperty()
  @IsBoolean()
  tools: boolean;

  @ApiProperty()
  @IsBoolean()
  streaming: boolean;

  @ApiProperty()
  @IsBoolean()
  structured_output: boolean;
}

/** What any signed-in user sees of a model: no usage, nothing about credentials. */
@ApiSchema({ name: 'Model' })
export class ModelDto {
  @ApiProperty({ example: 'claude-sonnet-4' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  display_name: string | null;

  @ApiProperty({ example: 'anthropic' })
  provider: string;

  @ApiProperty({ enum: MODEL_TIERS })
  tier: string;

  @ApiProperty({ example: '0.003', description: 'USD per 1,000 input tokens (decimal string).' })
  input_price_per_1k: string;

  @ApiProperty({ example: '0.015', description: 'USD per 1,000 output tokens (decimal string).' })
  output_price_per_1k: string;

  @ApiProperty()
  context_window: number;

  @ApiProperty({ type: ModelCapabilitiesDto })
  capabilities: ModelCapabilitiesDto;

  @ApiProperty({ description: 'False: its provider has no credentials, so calls are simulated (or fail when simulation is off).' })
  provider_configured: boolean;
}

@ApiSchema({ name: 'ModelList' })
export class ModelListDto {
  @ApiProperty({ type: [ModelDto] })
  models: ModelDto[];
}

@ApiSchema({ name: 'ModelUsage' })
export class ModelUsageDto {
  @ApiProperty({ description: 'Finished attempts this calendar month (UTC).' })
  attempts: number;

  @ApiProperty()
  tokens_in: number;

  @ApiProperty()
  tokens_out: number;

  @ApiProperty({ example: '12.345678901', description: 'Exact USD (decimal string).' })
  cost_usd: string;
}

@ApiSchema({ name: 'AdminModel' })
export class AdminModelDto extends ModelDto {
  @ApiProperty({ description: 'The model name the provider’s API expects.', example: 'claude-sonnet-4-20250514' })
  api_model_name: string;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: ModelUsageDto })
  usage_this_month: ModelUsageDto;

  @ApiProperty({ type: ModelUsageDto, description: 'Simulated attempts this month, kept apart from the real usage above.' })
  simulated_usage_this_month: ModelUsageDto;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;
}

@ApiSchema({ name: 'AdminModelList' })
export class AdminModelListDto {
  @ApiProperty({ type: [AdminModelDto] })
  models: AdminModelDto[];

  @ApiProperty({ format: 'date', description: 'First day (UTC) of the month the usage covers.' })
  month_start: string;
}

@ApiSchema({ name: 'CreateModelRequest' })
export class CreateModelDto {
  @ApiProperty({ example: 'llama-3.1-70b', description: 'Our id: lower-case letters, digits, ".", "-", "_".' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'id must be 1–64 lower-case letters, digits, ".", "-" or "_"' })
  id: string;

  @ApiProperty({ example: 'ollama', description: 'anthropic, openai, google, simulator, or an OpenAI-compatible provider name.' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{1,39}$/, { message: 'provider must be 2–40 lower-case letters, digits, "-" or "_"' })
  provider: string;

  @ApiProperty({ example: 'llama3.1:70b' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  api_model_name: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  display_name?: string;

  @ApiProperty({ enum: MODEL_TIERS })
  @IsIn(MODEL_TIERS)
  tier: (typeof MODEL_TIERS)[number];

  @ApiProperty({ example: '0.0005' })
  @IsString()
  @Matches(PRICE, { message: PRICE_MESSAGE('input_price_per_1k') })
  input_price_per_1k: string;

  @ApiProperty({ example: '0.0015' })
  @IsString()
  @Matches(PRICE, { message: PRICE_MESSAGE('output_price_per_1k') })
  output_price_per_1k: string;

  @ApiProperty({ type: 'integer', example: 128000 })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  context_window: number;

  @ApiPropertyOptional({ type: ModelCapabilitiesDto })
  @OptionalField()
  @ValidateNested()
  @Type(() => ModelCapabilitiesDto)
  capabilities?: ModelCapabilitiesDto;

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  active?: boolean;
}

/** Everything but the id may change; an empty body is refused. */
@ApiSchema({ name: 'UpdateModelRequest' })
export class UpdateModelDto extends PartialType(OmitType(CreateModelDto, ['id'] as const)) {}
