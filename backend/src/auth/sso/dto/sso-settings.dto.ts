import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NullableField, OptionalField } from '../../../common/validation/presence.decorators';

/** "example.com", "eng.example.co.uk": lower-case host names, no scheme, no "@". */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

@ApiSchema({ name: 'SsoPublic', description: 'What the sign-in pages need to know about single sign-on.' })
export class SsoPublicDto {
  @ApiProperty({ description: 'Whether "Sign in with …" is offered.' }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Acme Login', description: 'Name on the button.' }) display_name: string | null;
  @ApiProperty({ description: 'false: only administrators may sign in with a password; everyone else uses single sign-on.' })
  local_passwords: boolean;
}

@ApiSchema({ name: 'SsoSettings', description: 'Single sign-on (OpenID Connect) settings. The client secret is never returned.' })
export class SsoSettingsDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'https://login.example.com/realms/acme' }) issuer_url: string | null;
  @ApiProperty({ type: String, nullable: true }) client_id: string | null;
  @ApiProperty({ description: 'Whether a client secret is stored (it is write-only).' }) client_secret_set: boolean;
  @ApiProperty({ example: 'Acme Login' }) display_name: string;
  @ApiProperty({ type: [String], example: ['example.com'], description: 'Email domains allowed to sign in; empty = any.' })
  allowed_domains: string[];
  @ApiProperty({ example: 'openid email profile' }) scopes: string;
  @ApiProperty({ type: String, nullable: true, example: 'groups', description: 'Claim read for the role of new users.' })
  role_claim: string | null;
  @ApiProperty({ type: [String], example: ['esy-admins'], description: 'Values of role_claim that make a new user an administrator.' })
  admin_values: string[];
  @ApiProperty({ description: 'false: only administrators may still sign in with a password.' }) local_passwords: boolean;
  @ApiProperty({ type: [String], description: 'Redirect URIs to register at the identity provider (user app, admin console).' })
  redirect_uris: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updated_at: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Display name (or email) of the administrator who changed them last.' })
  updated_by_name: string | null;
}

@ApiSchema({ name: 'UpdateSsoSettingsRequest', description: 'Only the fields sent change. Enabling needs issuer_url, client_id and a client secret.' })
export class UpdateSsoSettingsDto {
  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'https:// (http:// only for localhost). Its discovery document must be reachable.' })
  @NullableField()
  @IsString()
  @MaxLength(500)
  @Matches(/^(https:\/\/[^\s/]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?)(\/\S*)?$/, {
    message: 'issuer_url must be an https:// URL (http:// only for localhost)',
  })
  issuer_url?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @NullableField()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  client_id?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Write-only; null removes it.' })
  @NullableField()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  client_secret?: string | null;

  @ApiPropertyOptional({ example: 'Acme Login' })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  display_name?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(DOMAIN, { each: true, message: 'allowed_domains must be lower-case domain names such as "example.com"' })
  allowed_domains?: string[];

  @ApiPropertyOptional({ example: 'openid email profile' })
  @OptionalField()
  @IsString()
  @MaxLength(300)
  @Matches(/^(?=.*\bopenid\b)[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, { message: 'scopes must be space-separated and include "openid"' })
  scopes?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @NullableField()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:\-/]{1,100}$/, { message: 'role_claim must be a claim name such as "groups"' })
  role_claim?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  admin_values?: string[];

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  local_passwords?: boolean;
}

@ApiSchema({ name: 'SsoExchangeRequest' })
export class SsoExchangeDto {
  @ApiProperty({ description: 'The one-time code the callback put in the sign-in page address.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{32,64}$/, { message: 'code must be the code from the sign-in address' })
  code: string;
}
