import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalField, NullableField } from '../../common/validation/presence.decorators';

@ApiSchema({ name: 'UpdateProviderRequest' })
export class UpdateProviderDto {
  @ApiPropertyOptional({
    type: String,
    description: 'The provider API key. Write-only: stored encrypted (AES-256-GCM) and never returned. `null` removes the stored key.',
    nullable: true,
    writeOnly: true,
    maxLength: 500,
  })
  @NullableField()
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  @Matches(/^\S+$/, { message: 'api_key must not contain spaces' })
  api_key?: string | null;

  @ApiPropertyOptional({
    type: String,
    description: 'Base URL of an OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter…) or a proxy. `null` restores the default.',
    nullable: true,
    example: 'http://127.0.0.1:11434/v1',
  })
  @NullableField()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'base_url must be an http(s) URL' })
  @MaxLength(500)
  base_url?: string | null;

  @ApiPropertyOptional({ description: 'false turns the provider off even when a key is configured.' })
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;
}

@ApiSchema({ name: 'TestProviderRequest' })
export class TestProviderDto {
  @ApiPropertyOptional({ description: 'The model to call (default: the cheapest active model of this provider).', example: 'gpt-4o-mini' })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  model_id?: string;
}

@ApiSchema({ name: 'ProviderStatus' })
export class ProviderStatusDto {
  @ApiProperty({ example: 'openai' })
  provider: string;

  @ApiProperty({ enum: ['anthropic', 'openai', 'google'], description: 'The wire protocol (any provider not named anthropic/google speaks OpenAI’s).' })
  protocol: string;

  @ApiProperty({ description: 'A key or base URL is set (environment or database).' })
  configured: boolean;

  @ApiProperty({ enum: ['database', 'environment'], nullable: true, description: 'Where the effective settings come from; stored settings win.' })
  source: 'database' | 'environment' | null;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ description: 'Runs can call this provider now.' })
  usable: boolean;

  @ApiPropertyOptional({ description: 'Why the provider cannot serve calls.' })
  reason?: string;

  @ApiProperty({ type: String, nullable: true, description: 'Only the last four characters of the key.', example: 'x9Qa' })
  key_last_four: string | null;

  @ApiProperty({ type: String, nullable: true })
  base_url: string | null;

  @ApiProperty({ description: 'Models in the catalogue served by this provider.' })
  model_count: number;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  last_checked_at: string | null;

  @ApiProperty({ type: Boolean, nullable: true })
  last_check_ok: boolean | null;

  @ApiProperty({ type: String, nullable: true, description: 'The last test-connection error (keys redacted).' })
  last_error: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  updated_at: string | null;
}

@ApiSchema({ name: 'ProviderList' })
export class ProviderListDto {
  @ApiProperty({ type: [ProviderStatusDto] })
  providers: ProviderStatusDto[];

  @ApiProperty({ description: 'Models whose provider has no credentials are served by the simulator (runs flagged `simulated`).' })
  simulation_enabled: boolean;
}

@ApiSchema({ name: 'ProviderCheckError' })
export class ProviderCheckErrorDto {
  @ApiProperty({ example: 'auth', description: 'Normalised error kind (auth, rate_limit, server, timeout, network, bad_request, malformed…).' })
  kind: string;

  @ApiProperty()
  message: string;

  @ApiPropertyOptional()
  status?: number;
}

@ApiSchema({ name: 'ProviderCheckResult' })
export class ProviderCheckResultDto {
  @ApiProperty()
  provider: string;

  @ApiProperty()
  ok: boolean;

  @ApiProperty({ format: 'date-time' })
  checked_at: string;

  @ApiProperty()
  latency_ms: number;

  @ApiProperty()
  model_id: string;

  @ApiPropertyOptional({ type: ProviderCheckErrorDto })
  error?: ProviderCheckErrorDto;
}
