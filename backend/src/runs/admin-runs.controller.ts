import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { AdminRunsService } from './admin-runs.service';
import { attachmentDisposition } from './content-disposition';
import {
  AdminListRunsQueryDto,
  AdminRunDetailDto,
  AdminRunListDto,
  BulkRunsDto,
  BulkRunsResponseDto,
  CancelRunDto,
  GateDecisionDto,
  GateDiffDto,
  GateDiffQueryDto,
  RerunGateDto,
  ResumeRunDto,
  RunActionResponseDto,
} from './dto/admin-run.dto';
import type { FileResponse } from './runs.controller';

@AdminController('runs', 'Admin: runs')
export class AdminRunsController {
  constructor(private readonly runs: AdminRunsService) {}

  @Get()
  @ApiOperation({ operationId: 'AdminRuns_list', summary: 'Every run, filtered and paginated' })
  @ApiOkResponse({ type: AdminRunListDto })
  @ApiErrorResponses(400)
  list(@Query() query: AdminListRunsQueryDto): Promise<AdminRunListDto> {
    return this.runs.list(query);
  }

  @Post('bulk/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminRuns_bulkCancel', summary: 'Cancel several runs; one result per run' })
  @ApiOkResponse({ type: BulkRunsResponseDto })
  @ApiErrorResponses(400)
  bulkCancel(@Body() body: BulkRunsDto, @CurrentUser() user: AuthenticatedUser): Promise<BulkRunsResponseDto> {
    return this.runs.bulkCancel(user, body.run_ids, body.reason);
  }

  @Post('bulk/rerun-failed')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminRuns_bulkRerunFailed', summary: 'Rerun the failed gate of several paused or failed runs' })
  @ApiOkResponse({ type: BulkRunsResponseDto })
  @ApiErrorResponses(400)
  bulkRerunFailed(@Body() body: BulkRunsDto, @CurrentUser() user: AuthenticatedUser): Promise<BulkRunsResponseDto> {
    return this.runs.bulkRerunFailed(user, body.run_ids, body.reason);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'AdminRuns_get', summary: 'The run record: every attempt with prompt packets, raw outputs, validation, routing; artifacts; actions; cost breakdown' })
  @ApiOkResponse({ type: AdminRunDetailDto })
  @ApiErrorResponses(400, 404)
  get(@Param('id', UuidParam('id')) id: string): Promise<AdminRunDetailDto> {
    return this.runs.detail(id);
  }

  @Get(':id/export')
  @ApiOperation({ operationId: 'AdminRuns_export', summary: 'The full run record as a JSON file (with every event and file text)' })
  @ApiOkResponse({ description: 'A JSON attachment.', content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } })
  @ApiErrorResponses(400, 404)
  async export(@Param('id', UuidParam('id')) id: string, @Res() response: FileResponse): Promise<void> {
    const record = await this.runs.export(id);
    const body = Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
    const slug = (record.run as { project_slug?: string } | undefined)?.project_slug ?? id;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Disposition', attachmentDisposition(`run-${slug}.json`));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Length', body.length);
    response.status(200).end(body);
  }

  @Get(':id/gates/:gateId/diff')
  @ApiOperation({ operationId: 'AdminRuns_gateDiff', summary: 'Per-file unified diff between the files two attempts of a gate wrote' })
  @ApiOkResponse({ type: GateDiffDto })
  @ApiErrorResponses(400, 404)
  diff(@Param('id', UuidParam('id')) id: string, @Param('gateId') gateId: string, @Query() query: GateDiffQueryDto): Promise<GateDiffDto> {
    return this.runs.gateDiff(id, gateId, query.from, query.to);
  }

  @Post(':id/gates/:gateId/rerun')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminRuns_rerunGate', summary: 'One new attempt of a gate, optionally on another model (paused, failed or completed run)' })
  @ApiOkResponse({ type: RunActionResponseDto })
  @ApiErrorResponses(400, 404, 409)
  rerun(@Param('id', UuidParam('id')) id: string, @Param('gateId') gateId: string, @Body() body: RerunGateDto, @CurrentUser() user: AuthenticatedUser): Promise<RunActionResponseDto> {
    return this.runs.rerun(user, id, gateId, body.model_id, body.reason);
  }

  @Post(':id/gates/:gateId/skip')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminRuns_skipGate', summary: 'Skip a failed or waiting gate (reason required); a paused run continues' })
  @ApiOkResponse({ type: RunActionResponseDto })
  @ApiErrorResponses(400, 404, 409)
  skip(@Param('id', UuidParam('id')) id: string, @Param('gateId') gateId: string, @Body() body: GateDecisionDto, @CurrentUser() user: AuthenticatedUser): Promise<RunActionResponseDto> {
    return this.runs.skip(user, id, gateId, body.reason);
  }

  @Post(':id/gates/:gateId/approve')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminRuns_approveGate', summary: 'Accept a failed or warning gate as passed (reason required; its evidence is kept)' })
  @ApiOkResponse({ type: RunActionResponseDto })
  @ApiErrorResponses(400, 404, 409)
  approve(@Param('id', UuidParam('id')) id: string, @Param('gateId') gateId: string, @Body() body: GateDecisionDto, @CurrentUser() user: AuthenticatedUser): Promise<RunActionResponseDto> {
    return this.runs.approve(user, id, gateId, body.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminRuns_cancel', summary: 'Cancel a pending, running or paused run' })
  @ApiOkResponse({ type: RunActionResponseDto })
  @ApiErrorResponses(400, 404, 409)
  cancel(@Param('id', UuidParam('id')) id: string, @Body() body: CancelRunDto, @CurrentUser() user: AuthenticatedUser): Promise<RunActionResponseDto> {
    return this.runs.cancel(user, id, body.reason);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminRuns_resume', summary: 'Resume a paused run (optionally with a new budget); an exhausted gate gets one more attempt' })
  @ApiOkResponse({ type: RunActionResponseDto })
  @ApiErrorResponses(400, 404, 409)
  resume(@Param('id', UuidParam('id')) id: string, @Body() body: ResumeRunDto, @CurrentUser() user: AuthenticatedUser): Promise<RunActionResponseDto> {
    return this.runs.resume(user, id, body.budget_usd, body.reason);
  }
}
