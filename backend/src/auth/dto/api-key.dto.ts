import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { ApiKey } from '../entities/api-key.entity';
import { OptionalField } from '../../common/validation/presence.decorators';

export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const DEFAULT_API_KEY_SCOPES: ApiKeyScope[] = ['read', 'write'];
const WORKFLOW_SLUG_PATTERN = '^[a-z0-9][a-z0-9-]*$';

@ApiSchema({ name: 'CreateApiKeyRequest' })
export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI pipeline', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({
    enum: API_KEY_SCOPES,
    enumName: 'ApiKeyScope',
    isArray: true,
    default: DEFAULT_API_KEY_SCOPES,
    description: '`read`: GET routes; `write`: everything else; `admin`: /api/admin routes (admins only).',
  })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes?: ApiKeyScope[];

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working; never when omitted.' })
  @OptionalField()
  @IsDateString({ strict: true })
  expires_at?: string;

  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: 50,
    uniqueItems: true,
    items: { type: 'string', pattern: WORKFLOW_SLUG_PATTERN, maxLength: 100 },
    example: ['etymology-visual-essay'],
    description:
      'Limit the key to these workflows (template slugs): it can start, list and read runs of these only; other runs answer 403 `WORKFLOW_NOT_ALLOWED`. Every workflow when omitted.',
  })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(new RegExp(WORKFLOW_SLUG_PATTERN), { each: true, message: 'each value in workflows must be a workflow slug' })
  workflows?: string[];
}

@ApiSchema({ name: 'ApiKey' })
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Identifies the key: its secret starts with `esy_<prefix>_`.', example: 'k3x9m2qa' })
  prefix: string;

  @ApiProperty({ enum: API_KEY_SCOPES, enumName: 'ApiKeyScope', isArray: true })
  scopes: ApiKeyScope[];

  @ApiProperty({ type: [String], nullable: true, description: 'The workflows (template slugs) the key is limited to; null = every workflow.' })
  workflows: string[] | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last request made with the key (to the minute); null = never used.' })
  last_used_at: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expires_at: string | null;

  @ApiProperty()
  revoked: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  static from(key: ApiKey): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes as ApiKeyScope[],
      workflows: key.workflows ?? null,
      last_used_at: key.lastUsedAt?.toISOString() ?? null,
      expires_at: key.expiresAt?.toISOString() ?? null,
      revoked: key.revokedAt !== null,
      revoked_at: key.revokedAt?.toISOString() ?? null,
      created_at: key.createdAt.toISOString(),
    };
  }
}

@ApiSchema({ name: 'CreatedApiKey' })
export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    description: 'The secret, shown only in this response: `esy_<prefix>_<random>`. Send it as `Authorization: Bearer …` or `X-API-Key`.',
  })
  secret: string;
}

@ApiSchema({ name: 'ApiKeyList' })
export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] })
  api_keys: ApiKeyDto[];
}
