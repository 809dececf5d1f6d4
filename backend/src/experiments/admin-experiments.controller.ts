import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AuditService, summarizeBody } from '../audit/audit.service';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { CreateExperimentDto, ExperimentDetailDto, ExperimentListDto, ExperimentOutputsDto, ListExperimentsQueryDto } from './dto/experiment.dto';
import { ExperimentsService } from './experiments.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@AdminController('experiments', 'Admin: experiments')
export class AdminExperimentsController {
  constructor(
    private readonly experiments: ExperimentsService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    operationId: 'AdminExperiments_create',
    summary: 'Start an experiment: one gate of a completed run replayed on several models (runs in the background)',
  })
  @ApiCreatedResponse({ type: ExperimentDetailDto })
  @ApiErrorResponses(400)
  async create(@Body() body: CreateExperimentDto, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<ExperimentDetailDto> {
    const detail = await this.experiments.create(body, user);
    const { experiment } = detail;
    await this.audit.record(audit, { action: 'experiment.created', target: { type: 'experiment', id: experiment.id, label: experiment.name }, after: summarizeBody(body) });
    return detail;
  }

  @Get()
  @ApiOperation({ operationId: 'AdminExperiments_list', summary: 'Experiments, newest first, with progress' })
  @ApiOkResponse({ type: ExperimentListDto })
  @ApiErrorResponses(400)
  list(@Query() query: ListExperimentsQueryDto): Promise<ExperimentListDto> {
    return this.experiments.list(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'AdminExperiments_get', summary: 'An experiment: every candidate’s result and the matrix per model with the baseline' })
  @ApiOkResponse({ type: ExperimentDetailDto })
  @ApiErrorResponses(400, 404)
  get(@Param('id', UuidParam('id')) id: string): Promise<ExperimentDetailDto> {
    return this.experiments.detail(id);
  }

  @Get(':id/outputs')
  @ApiOperation({ operationId: 'AdminExperiments_outputs', summary: 'What the baseline and each finished candidate wrote at the gate (file text), to compare side by side' })
  @ApiOkResponse({ type: ExperimentOutputsDto })
  @ApiErrorResponses(400, 404)
  outputs(@Param('id', UuidParam('id')) id: string): Promise<ExperimentOutputsDto> {
    return this.experiments.outputs(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'AdminExperiments_cancel', summary: 'Cancel a pending or running experiment (a running candidate stops at its next tool round)' })
  @ApiOkResponse({ type: ExperimentDetailDto })
  @ApiErrorResponses(400, 404, 409)
  async cancel(@Param('id', UuidParam('id')) id: string, @Audit() audit: AuditContext): Promise<ExperimentDetailDto> {
    const detail = await this.experiments.cancel(id);
    await this.audit.record(audit, { action: 'experiment.cancelled', target: { type: 'experiment', id, label: detail.experiment.name } });
    return detail;
  }
}
