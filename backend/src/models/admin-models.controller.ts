import { Body, Get, Param, Post, Put } from '@nestjs/common';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AuditService, summarizeBody } from '../audit/audit.service';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { AdminModelDto, AdminModelListDto, CreateModelDto, UpdateModelDto } from './dto/model.dto';
import { ModelsService } from './models.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@AdminController('models', 'Admin: models')
export class AdminModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'AdminModels_list', summary: 'Every model with its usage and cost this month' })
  @ApiOkResponse({ type: AdminModelListDto })
  list(): Promise<AdminModelListDto> {
    return this.models.listAdmin();
  }

  @Post()
  @Idempotent()
  @ApiOperation({ operationId: 'AdminModels_create', summary: 'Add a model (e.g. one served by a local OpenAI-compatible server)' })
  @ApiCreatedResponse({ type: AdminModelDto })
  @ApiErrorResponses(400, 409)
  async create(@Body() body: CreateModelDto, @Audit() audit: AuditContext): Promise<AdminModelDto> {
    const model = await this.models.create(body);
    await this.audit.record(audit, { action: 'model.created', target: { type: 'model', id: model.id, label: model.id }, after: summarizeBody(body) });
    return model;
  }

  @Put(':id')
  @ApiOperation({ operationId: 'AdminModels_update', summary: 'Change pricing, tier, active flag, provider or the provider’s model name' })
  @ApiParam({ name: 'id', example: 'claude-sonnet-4' })
  @ApiOkResponse({ type: AdminModelDto })
  @ApiErrorResponses(400, 404)
  async update(@Param('id') id: string, @Body() body: UpdateModelDto, @Audit() audit: AuditContext): Promise<AdminModelDto> {
    const model = await this.models.update(id, body);
    await this.audit.record(audit, { action: 'model.updated', target: { type: 'model', id: model.id, label: model.id }, after: summarizeBody(body) });
    return model;
  }
}
