import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { AgentsRegistryService } from './agents-registry.service';
import { AgentDefinitionDto, AgentRegistryDto } from './dto/agent.dto';

@AdminController('agents', 'Admin: agents')
export class AdminAgentsController {
  constructor(private readonly registry: AgentsRegistryService) {}

  @Get()
  @ApiOperation({ operationId: 'AdminAgents_list', summary: 'Agents grouped by category, with the gates and spec versions that use each' })
  @ApiOkResponse({ type: AgentRegistryDto })
  @ApiErrorResponses(503)
  list(): Promise<AgentRegistryDto> {
    return this.registry.list();
  }

  @Get(':slug')
  @ApiOperation({ operationId: 'AdminAgents_get', summary: 'One agent in full: front matter, system prompt and usage' })
  @ApiOkResponse({ type: AgentDefinitionDto })
  @ApiErrorResponses(404, 503)
  get(@Param('slug') slug: string): Promise<AgentDefinitionDto> {
    return this.registry.get(slug);
  }
}
