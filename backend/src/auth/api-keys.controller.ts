import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { SessionOnly } from '../common/auth/session-only.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('API keys')
@Authenticated()
@SessionOnly()
@Controller('auth/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOperation({ operationId: 'ApiKeys_list', summary: 'Your API keys (never their secrets)', description: 'Session only: API keys get 403 `INSUFFICIENT_SCOPE`.' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<ApiKeyListDto> {
    return { api_keys: (await this.apiKeys.list(user.id)).map(ApiKeyDto.from) };
  }

  @Post()
  @ApiOperation({ operationId: 'ApiKeys_create', summary: 'Create an API key; the secret is returned only here', description: 'Session only: API keys get 403 `INSUFFICIENT_SCOPE`.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrorResponses(400, 403, 413)
  async create(@Body() body: CreateApiKeyDto, @CurrentUser() user: AuthenticatedUser): Promise<CreatedApiKeyDto> {
    const { key, secret } = await this.apiKeys.create(user, body);
    return { ...ApiKeyDto.from(key), secret };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'ApiKeys_revoke', summary: 'Revoke an API key (it stops working at once)', description: 'Session only: API keys get 403 `INSUFFICIENT_SCOPE`.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrorResponses(400, 404)
  async revoke(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.apiKeys.revoke(user.id, id);
  }
}
