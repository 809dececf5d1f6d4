import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AuditService, summarizeBody } from '../audit/audit.service';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { SpecDto } from '../workflows/dto/workflow.dto';
import { PublishSpecDto, SpecDiffDto, SpecDiffQueryDto, SpecDraftDto, SpecPreviewDto, SpecVersionHistoryDto } from './dto/spec.dto';
import { SpecHistoryService } from './spec-history.service';
import { SpecPublisherService } from './spec-publisher.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@AdminController('specs', 'Admin: templates')
export class AdminSpecsController {
  constructor(
    private readonly publisher: SpecPublisherService,
    private readonly history: SpecHistoryService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    operationId: 'AdminSpecs_publish',
    summary: 'Publish a new immutable spec version of a template (checked like a workflow file; version must increase)',
  })
  @ApiCreatedResponse({ type: SpecDto })
  @ApiErrorResponses(400, 404, 409, 503)
  async publish(@Body() body: PublishSpecDto, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<SpecDto> {
    const spec = await this.publisher.publish(body, user);
    await this.audit.record(audit, {
      action: 'spec.published',
      target: { type: 'template', id: spec.template_id, label: spec.template?.name ?? null },
      after: { spec_id: spec.id, version: spec.version, active: spec.active },
    });
    return spec;
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminSpecs_preview', summary: 'Check a draft and price it on current model prices, without publishing' })
  @ApiOkResponse({ type: SpecPreviewDto })
  @ApiErrorResponses(400, 404, 409, 503)
  preview(@Body() body: SpecDraftDto): Promise<SpecPreviewDto> {
    return this.publisher.preview(body);
  }

  @Get('diff')
  @ApiOperation({ operationId: 'AdminSpecs_diff', summary: 'What changed between two versions of a template' })
  @ApiOkResponse({ type: SpecDiffDto })
  @ApiErrorResponses(400, 404)
  diff(@Query() query: SpecDiffQueryDto): Promise<SpecDiffDto> {
    return this.history.diff(query.from, query.to);
  }

  @Get(':id/versions')
  @ApiOperation({ operationId: 'AdminSpecs_versions', summary: 'Version history of a template (`id`: the template or any of its versions), newest first' })
  @ApiOkResponse({ type: SpecVersionHistoryDto })
  @ApiErrorResponses(400, 404)
  versions(@Param('id', UuidParam('id')) id: string): Promise<SpecVersionHistoryDto> {
    return this.history.history(id);
  }
}
