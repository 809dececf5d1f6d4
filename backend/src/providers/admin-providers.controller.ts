import { Body, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AuditService, summarizeBody } from '../audit/audit.service';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { ProviderCheckResultDto, ProviderListDto, ProviderStatusDto, TestProviderDto, UpdateProviderDto } from './dto/provider.dto';
import { ProviderNamePipe } from './provider-name.pipe';
import { ProvidersService } from './providers.service';

const PROVIDER_PARAM = { name: 'provider', example: 'openai', description: 'anthropic, openai, google, or any name for an OpenAI-compatible server.' };

@AdminController('providers', 'Admin: providers')
export class AdminProvidersController {
  constructor(
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'AdminProviders_list', summary: 'Provider status: configured, source, last four characters of the key, last check' })
  @ApiOkResponse({ type: ProviderListDto })
  list(): Promise<ProviderListDto> {
    return this.providers.list();
  }

  @Put(':provider')
  @ApiOperation({ operationId: 'AdminProviders_update', summary: 'Set a provider’s key (write-only, stored encrypted), base URL or enabled flag' })
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ProviderStatusDto })
  @ApiErrorResponses(400)
  async update(
    @Param('provider', ProviderNamePipe) provider: string,
    @Body() body: UpdateProviderDto,
    @CurrentUser() user: AuthenticatedUser,
    @Audit() audit: AuditContext,
  ): Promise<ProviderStatusDto> {
    const status = await this.providers.update(provider, body, user.id);
    // summarizeBody writes "set"/"removed" for api_key: the key itself never reaches the audit log.
    await this.audit.record(audit, { action: 'provider.updated', target: { type: 'provider', id: provider, label: provider }, after: summarizeBody(body) });
    return status;
  }

  @Delete(':provider')
  @ApiOperation({ operationId: 'AdminProviders_remove', summary: 'Forget the stored settings (environment settings, if any, apply again)' })
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ProviderStatusDto })
  @ApiErrorResponses(400)
  async remove(@Param('provider', ProviderNamePipe) provider: string, @Audit() audit: AuditContext): Promise<ProviderStatusDto> {
    const status = await this.providers.remove(provider);
    await this.audit.record(audit, { action: 'provider.removed', target: { type: 'provider', id: provider, label: provider } });
    return status;
  }

  @Post(':provider/test')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminProviders_test', summary: 'Test the connection with one tiny call; the outcome is kept as the last check' })
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ProviderCheckResultDto })
  @ApiErrorResponses(400, 404, 409)
  test(@Param('provider', ProviderNamePipe) provider: string, @Body() body: TestProviderDto): Promise<ProviderCheckResultDto> {
    return this.providers.test(provider, body.model_id);
  }
}
