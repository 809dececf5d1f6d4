import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { AGENT_CATEGORIES, TIERS } from '@esy/orchestration';

@ApiSchema({ name: 'AgentSpecUsage', description: 'One spec version that uses the agent, and at which gates.' })
export class AgentSpecUsageDto {
  @ApiProperty({ format: 'uuid' }) spec_id: string;
  @ApiProperty() version: string;
  @ApiProperty({ description: 'Whether it is the version new runs of its template use.' }) active: boolean;
  @ApiProperty({ format: 'uuid' }) template_id: string;
  @ApiProperty() template_slug: string;
  @ApiProperty() template_name: string;
  @ApiProperty({ type: [String], example: ['G5'] }) gates: string[];
}

@ApiSchema({ name: 'AgentSummary' })
export class AgentSummaryDto {
  @ApiProperty({ example: 'research-historian' }) slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AGENT_CATEGORIES }) category: string;
  @ApiProperty({ description: 'One line: what the agent is for.' }) role: string;
  @ApiProperty({ enum: TIERS, description: 'The model tier it needs.' }) tier: string;
  @ApiProperty({ type: [String] }) capabilities: string[];
  @ApiProperty({ type: [String] }) tools: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Model hint (a model id).' }) model: string | null;
  @ApiProperty({ type: Number, nullable: true }) max_output_tokens: number | null;
  @ApiProperty({ type: Number, nullable: true }) max_tool_rounds: number | null;
  @ApiProperty({ description: 'Relative to the orchestration directory.', example: 'agents/research/research-historian.md' }) file: string;
  @ApiProperty({ type: [String], description: 'Gate ids it serves in the active versions of live templates.' }) gates: string[];
  @ApiProperty({ type: [AgentSpecUsageDto], description: 'Every spec version of a non-archived template that uses it.' }) specs: AgentSpecUsageDto[];
}

@ApiSchema({ name: 'AgentCategory' })
export class AgentCategoryDto {
  @ApiProperty({ enum: AGENT_CATEGORIES }) category: string;
  @ApiProperty({ type: [AgentSummaryDto] }) agents: AgentSummaryDto[];
}

@ApiSchema({ name: 'AgentRegistry', description: 'The loaded agent definitions grouped by category.' })
export class AgentRegistryDto {
  @ApiProperty({ type: [AgentCategoryDto], description: 'In the fixed category order; empty categories included.' }) categories: AgentCategoryDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'AgentDefinition', description: 'An agent in full: front matter and system prompt.' })
export class AgentDefinitionDto extends AgentSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The YAML front matter as loaded (defaults applied).' })
  front_matter: Record<string, unknown>;

  @ApiProperty({ description: 'The markdown body: the system prompt.' }) body: string;

  @ApiPropertyOptional({ description: 'Size of the body in characters.' }) body_chars?: number;
}
