import { ApiProperty, ApiPropertyOptional, ApiSchema, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { OptionalField } from '../../common/validation/presence.decorators';
import { SpecDraftDto } from './spec.dto';

@ApiSchema({ name: 'DraftSpecFields', description: 'The editor’s current draft: a SpecDraft without template_id (the route names the template).' })
export class DraftSpecFieldsDto extends OmitType(SpecDraftDto, ['template_id'] as const) {}

@ApiSchema({ name: 'CreateDraftRunRequest' })
export class CreateDraftRunDto {
  @ApiProperty({ type: DraftSpecFieldsDto, description: 'Checked like a publish (schema, agents, contracts, models), except that the version need not be higher.' })
  @IsObject()
  @ValidateNested()
  @Type(() => DraftSpecFieldsDto)
  draft: DraftSpecFieldsDto;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Values for the draft’s intake form, checked like a user’s run.' })
  @IsObject()
  intent: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'true: the simulator serves every model call, even for providers with credentials (nothing is spent; the run is marked simulated). Absent or false: real providers serve the models they have credentials for.',
    example: true,
  })
  @OptionalField()
  @IsBoolean()
  simulator?: boolean;

  @ApiPropertyOptional({
    description:
      'Run every gate on this active model (a real provider when it has credentials, unless `simulator` is true: then the simulator imitates it). Absent: the draft’s own routing, which the simulator serves for providers without credentials.',
    example: 'gpt-4o-mini',
  })
  @OptionalField()
  @IsString()
  @MaxLength(100)
  model_id?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  display_name?: string;
}

@ApiSchema({ name: 'DraftRunResponse' })
export class DraftRunResponseDto {
  @ApiProperty({ format: 'uuid' }) run_id: string;
  @ApiProperty({ format: 'uuid', description: 'The hidden spec row made for this test (not a published version).' }) spec_id: string;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'Where the run opens in the admin console.', example: '/runs/4b1d…' }) admin_path: string;
}
