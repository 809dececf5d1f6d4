import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { GateContract } from '@esy/orchestration';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { notFound } from '../common/errors/api.exception';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { ContentCatalogService } from './content-catalog.service';
import { ContractDetailDto, ContractListDto, ContractSummaryDto, ProfileListDto } from './dto/content.dto';

/** Gate contracts and profiles, for the stage builder's pickers (agents have their own registry). */
@AdminController('', 'Admin: agents')
export class AdminContentController {
  constructor(private readonly content: ContentCatalogService) {}

  @Get('contracts')
  @ApiOperation({ operationId: 'AdminContent_contracts', summary: 'Gate contracts a stage can name, with their outputs and checks' })
  @ApiOkResponse({ type: ContractListDto })
  @ApiErrorResponses(503)
  async contracts(): Promise<ContractListDto> {
    const contracts = [...(await this.content.get()).contracts.values()]
      .sort((a, b) => a.gate.localeCompare(b.gate, 'en', { numeric: true }))
      .map(contractSummary);
    return { contracts, total: contracts.length };
  }

  @Get('contracts/:gate')
  @ApiOperation({ operationId: 'AdminContent_contract', summary: 'One gate contract in full' })
  @ApiOkResponse({ type: ContractDetailDto })
  @ApiErrorResponses(404, 503)
  async contract(@Param('gate') gate: string): Promise<ContractDetailDto> {
    const contract = (await this.content.get()).contracts.get(gate);
    if (!contract) throw notFound(`Contract "${gate}"`);
    return { ...contractSummary(contract), contract: contract as unknown as Record<string, unknown> };
  }

  @Get('profiles')
  @ApiOperation({ operationId: 'AdminContent_profiles', summary: 'Research and design profiles a stage can inject per mode' })
  @ApiOkResponse({ type: ProfileListDto })
  @ApiErrorResponses(503)
  async profiles(): Promise<ProfileListDto> {
    const profiles = [...(await this.content.get()).profiles.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((profile) => ({ id: profile.id, kind: profile.kind, name: profile.name, description: profile.description ?? null }));
    return { profiles, total: profiles.length };
  }
}

function contractSummary(contract: GateContract): ContractSummaryDto {
  return {
    gate: contract.gate,
    name: contract.name ?? null,
    description: contract.description ?? null,
    blocking: contract.blocking,
    required_outputs: contract.required_outputs.all_of.map((output) => output.path),
    any_of_outputs: contract.required_outputs.any_of.map((output) => output.path),
    checks: contract.validations.map((check) => ({ type: check.type, severity: check.severity ?? 'error', description: check.description ?? null })),
    required_skills: contract.required_skills.map((skill) => skill.path),
  };
}
