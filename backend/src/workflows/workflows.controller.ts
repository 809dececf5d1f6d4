import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { ListWorkflowsQueryDto, SpecDto, SpecListDto, WorkflowDetailDto, WorkflowTemplateListDto } from './dto/workflow.dto';
import { WorkflowsReadService } from './workflows-read.service';

@ApiTags('Workflows')
@Authenticated()
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsReadService) {}

  @Get()
  @ApiOperation({ operationId: 'Workflows_list', summary: 'Active workflow templates (filter by type, depth, words)' })
  @ApiOkResponse({ type: WorkflowTemplateListDto })
  @ApiErrorResponses(400)
  list(@Query() query: ListWorkflowsQueryDto): Promise<WorkflowTemplateListDto> {
    return this.workflows.listTemplates(query);
  }

  @Get(':slug')
  @ApiOperation({ operationId: 'Workflows_get', summary: 'A template with its active spec (intake schema, stages, QA, guarantees, cost profile)' })
  @ApiOkResponse({ type: WorkflowDetailDto })
  @ApiErrorResponses(404)
  get(@Param('slug') slug: string): Promise<WorkflowDetailDto> {
    return this.workflows.getBySlug(slug);
  }
}

@ApiTags('Workflows')
@Authenticated()
@Controller('specs')
export class SpecsController {
  constructor(private readonly workflows: WorkflowsReadService) {}

  @Get()
  @ApiOperation({ operationId: 'Specs_list', summary: 'Spec versions of the active templates' })
  @ApiOkResponse({ type: SpecListDto })
  list(@CurrentUser() user: AuthenticatedUser): Promise<SpecListDto> {
    return this.workflows.listSpecs(user);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'Specs_get', summary: 'One spec version in full, with its computed cost profile' })
  @ApiOkResponse({ type: SpecDto })
  @ApiErrorResponses(400, 404)
  get(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SpecDto> {
    return this.workflows.getSpec(user, id);
  }
}
