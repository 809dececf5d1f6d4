import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsString, Matches, Max, Min } from 'class-validator';
import { OptionalField, NullableField } from '../../common/validation/presence.decorators';
import { MAX_INFRA_RETRY_LIMIT } from '../../engine/platform-settings';

export const MAX_ATTEMPTS_LIMIT = 10;
export const MAX_SIMULATOR_LATENCY_MS = 600_000;

@ApiSchema({ name: 'PlatformSettings', description: 'Run defaults and simulator behaviour; stored values, else the built-in/environment defaults.' })
export class PlatformSettingsDto {
  @ApiProperty({ minimum: 1, maximum: MAX_ATTEMPTS_LIMIT, description: 'Attempts per gate when neither the stage nor the spec’s qa_config says.' })
  max_attempts: number;

  @ApiProperty({ description: 'Climb a model tier on automatic retries, unless the spec’s qa_config says otherwise.' })
  escalate_on_retry: boolean;

  @ApiProperty({ type: String, nullable: true, example: '5.00', description: 'Budget of a run whose spec sets none; null = no budget.' })
  default_run_budget_usd: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: MAX_INFRA_RETRY_LIMIT,
    description: 'Retries per gate of attempts ended by infrastructure (lost worker, database or provider outage) within the retry window; they never count as attempts. null = the server default (infra_retry_limit_default).',
  })
  infra_retry_limit: number | null;

  @ApiProperty({ type: 'integer', description: 'The server\'s INFRA_RETRY_LIMIT, in force while infra_retry_limit is null.' })
  infra_retry_limit_default: number;

  @ApiProperty({ description: 'Serve models whose provider has no credentials from the built-in simulator.' })
  simulation_enabled: boolean;

  @ApiProperty({ minimum: 0, maximum: MAX_SIMULATOR_LATENCY_MS, description: 'Simulated latency per tool round (ms).' })
  simulator_latency_ms: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Probability that a simulated attempt fails its contract.' })
  simulator_fail_rate: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last change by an administrator.' })
  updated_at: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updated_by_id: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Display name (or email) of the administrator who changed them last.' })
  updated_by_name?: string | null;
}

@ApiSchema({ name: 'UpdatePlatformSettingsRequest', description: 'Only the fields sent change.' })
export class UpdatePlatformSettingsDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_ATTEMPTS_LIMIT })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(MAX_ATTEMPTS_LIMIT)
  max_attempts?: number;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  escalate_on_retry?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: '5.00', description: 'null removes the default budget.' })
  @NullableField()
  @IsString()
  @Matches(/^\d{1,6}(\.\d{1,6})?$/, { message: 'default_run_budget_usd must be a decimal string such as "5.00"' })
  default_run_budget_usd?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: MAX_INFRA_RETRY_LIMIT, description: 'null returns to the server default.' })
  @NullableField()
  @IsInt()
  @Min(0)
  @Max(MAX_INFRA_RETRY_LIMIT)
  infra_retry_limit?: number | null;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  simulation_enabled?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_SIMULATOR_LATENCY_MS })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_SIMULATOR_LATENCY_MS)
  simulator_latency_ms?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @OptionalField()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  simulator_fail_rate?: number;
}
