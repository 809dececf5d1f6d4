import { Body, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AuditService, summarizeBody } from '../audit/audit.service';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { AdminTemplatesService } from './admin-templates.service';
import { DraftRunsService } from './draft-runs.service';
import { CreateDraftRunDto, DraftRunResponseDto } from './dto/draft-run.dto';
import {
  AdminTemplateDetailDto,
  AdminTemplateListDto,
  CreateTemplateDto,
  DuplicateTemplateDto,
  ListAdminTemplatesQueryDto,
  UpdateTemplateDto,
} from './dto/template.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';

@AdminController('templates', 'Admin: templates')
export class AdminTemplatesController {
  constructor(
    private readonly templates: AdminTemplatesService,
    private readonly audit: AuditService,
    private readonly draftRuns: DraftRunsService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'AdminTemplates_list', summary: 'Every template (inactive too; archived ones on request), with version and run counts' })
  @ApiOkResponse({ type: AdminTemplateListDto })
  @ApiErrorResponses(400)
  list(@Query() query: ListAdminTemplatesQueryDto): Promise<AdminTemplateListDto> {
    return this.templates.list(query);
  }

  @Post()
  @Idempotent()
  @ApiOperation({ operationId: 'AdminTemplates_create', summary: 'Create a template (users see it once a spec version is published and it is active)' })
  @ApiCreatedResponse({ type: AdminTemplateDetailDto })
  @ApiErrorResponses(400, 409)
  async create(@Body() body: CreateTemplateDto, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<AdminTemplateDetailDto> {
    const template = await this.templates.create(user, body);
    await this.audit.record(audit, { action: 'template.created', target: { type: 'template', id: template.id, label: template.name }, after: summarizeBody(body) });
    return template;
  }

  @Get(':id')
  @ApiOperation({ operationId: 'AdminTemplates_get', summary: 'A template with its version history and active spec' })
  @ApiOkResponse({ type: AdminTemplateDetailDto })
  @ApiErrorResponses(400, 404)
  get(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<AdminTemplateDetailDto> {
    return this.templates.get(user, id);
  }

  @Put(':id')
  @ApiOperation({ operationId: 'AdminTemplates_update', summary: 'Edit catalogue fields, turn it on or off, or switch the active version' })
  @ApiOkResponse({ type: AdminTemplateDetailDto })
  @ApiErrorResponses(400, 404)
  async update(
    @Param('id', UuidParam('id')) id: string,
    @Body() body: UpdateTemplateDto,
    @CurrentUser() user: AuthenticatedUser,
    @Audit() audit: AuditContext,
  ): Promise<AdminTemplateDetailDto> {
    const template = await this.templates.update(user, id, body);
    await this.audit.record(audit, { action: 'template.updated', target: { type: 'template', id: template.id, label: template.name }, after: summarizeBody(body) });
    return template;
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'AdminTemplates_archive', summary: 'Archive (soft delete): hidden from users, versions and runs kept' })
  @ApiOkResponse({ type: AdminTemplateDetailDto })
  @ApiErrorResponses(400, 404)
  async archive(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<AdminTemplateDetailDto> {
    const template = await this.templates.archive(user, id);
    await this.audit.record(audit, { action: 'template.archived', target: { type: 'template', id: template.id, label: template.name } });
    return template;
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminTemplates_restore', summary: 'Bring an archived template back' })
  @ApiOkResponse({ type: AdminTemplateDetailDto })
  @ApiErrorResponses(400, 404)
  async restore(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<AdminTemplateDetailDto> {
    const template = await this.templates.restore(user, id);
    await this.audit.record(audit, { action: 'template.restored', target: { type: 'template', id: template.id, label: template.name } });
    return template;
  }

  @Post(':id/duplicate')
  @Idempotent()
  @ApiOperation({ operationId: 'AdminTemplates_duplicate', summary: 'Copy a template (inactive) with its active version as 1.0.0' })
  @ApiCreatedResponse({ type: AdminTemplateDetailDto })
  @ApiErrorResponses(400, 404, 409)
  async duplicate(
    @Param('id', UuidParam('id')) id: string,
    @Body() body: DuplicateTemplateDto,
    @CurrentUser() user: AuthenticatedUser,
    @Audit() audit: AuditContext,
  ): Promise<AdminTemplateDetailDto> {
    const template = await this.templates.duplicate(user, id, body);
    await this.audit.record(audit, { action: 'template.duplicated', target: { type: 'template', id: template.id, label: template.name }, after: summarizeBody(body) });
    return template;
  }

  @Post(':id/draft-runs')
  @Idempotent()
  @ApiOperation({
    operationId: 'AdminTemplates_createDraftRun',
    summary: 'Test the editor’s unpublished draft: run it without publishing (an admin-only draft test run that users never see)',
  })
  @ApiCreatedResponse({ type: DraftRunResponseDto })
  @ApiErrorResponses(400, 404, 409, 503)
  async createDraftRun(
    @Param('id', UuidParam('id')) id: string,
    @Body() body: CreateDraftRunDto,
    @CurrentUser() user: AuthenticatedUser,
    @Audit() audit: AuditContext,
  ): Promise<DraftRunResponseDto> {
    const created = await this.draftRuns.create(user, id, body);
    await this.audit.record(audit, {
      action: 'template.draft_run_started',
      target: { type: 'template', id, label: null },
      after: { run_id: created.run_id, spec_id: created.spec_id, version: body.draft.version, model_id: body.model_id ?? null, simulator: body.simulator === true },
    });
    return created;
  }
}
