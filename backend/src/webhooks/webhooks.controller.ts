import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { CreatedWebhookDto, CreateWebhookDto, ListDeliveriesQueryDto, WebhookDeliveryDto, WebhookDeliveryListDto, WebhookListDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const SIGNING =
  'Each delivery is a POST of a JSON event `{ id, type, created_at, run_id, data }` with `Esy-Event-Id` (the same on every retry: de-duplicate on it), ' +
  '`Esy-Event-Type` and `Esy-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`. A non-2xx answer or none within 10 s ' +
  'is retried with exponential back-off for about 34 hours (WEBHOOK_RETRY_BASE_MS, WEBHOOK_MAX_ATTEMPTS).';

@ApiTags('Webhooks')
@Authenticated()
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'Webhooks_create', summary: 'Subscribe a URL to run events; the signing secret is returned only here', description: SIGNING })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiErrorResponses(400)
  async create(@Body() body: CreateWebhookDto, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<CreatedWebhookDto> {
    const webhook = await this.webhooks.create(user, body);
    // Never the signing secret: where it points and what it receives.
    await this.audit.record(audit, { action: 'webhook.created', target: { type: 'webhook', id: webhook.id, label: webhook.url }, after: { url: webhook.url, events: webhook.events } });
    return webhook;
  }

  @Get()
  @ApiOperation({ operationId: 'Webhooks_list', summary: 'Your webhooks (administrators: everyone’s), never their secrets' })
  @ApiOkResponse({ type: WebhookListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<WebhookListDto> {
    return { webhooks: await this.webhooks.list(user) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'Webhooks_remove', summary: 'Unsubscribe: no further deliveries (pending retries stop)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponses(400, 404)
  async remove(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<void> {
    await this.webhooks.remove(user, id);
    await this.audit.record(audit, { action: 'webhook.removed', target: { type: 'webhook', id } });
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'Webhooks_deliveries', summary: 'The delivery log: status, attempts, last response code, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiErrorResponses(400, 404)
  async deliveries(@Param('id', UuidParam('id')) id: string, @Query() query: ListDeliveriesQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<WebhookDeliveryListDto> {
    const { items, ...page } = await this.webhooks.deliveries(user, id, query);
    return { deliveries: items, ...page };
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ operationId: 'Webhooks_sendTest', summary: 'Send a signed `webhook_test` event now (delivered and retried like any other)' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrorResponses(400, 404)
  sendTest(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<WebhookDeliveryDto> {
    return this.webhooks.sendTest(user, id);
  }
}
