import { Inject, Injectable } from '@nestjs/common';
import { AGENT_CATEGORIES, type AgentDefinition } from '@esy/orchestration';
import { notFound } from '../common/errors/api.exception';
import { PG, type Pg } from '../database/pg';
import { ContentCatalogService } from './content-catalog.service';
import type { AgentDefinitionDto, AgentRegistryDto, AgentSpecUsageDto, AgentSummaryDto } from './dto/agent.dto';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The agent registry as administrators see it: the definitions the engine runs (the same cached orchestration
 * catalog), and where the published specs use each one.
 */
@Injectable()
export class AgentsRegistryService {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    private readonly content: ContentCatalogService,
  ) {}

  async list(): Promise<AgentRegistryDto> {
    const agents = await this.agents();
    const usage = await this.usage();
    const summaries = [...agents.values()].sort((a, b) => a.slug.localeCompare(b.slug)).map((agent) => summary(agent, usage.get(agent.slug) ?? []));
    return {
      categories: AGENT_CATEGORIES.map((category) => ({ category, agents: summaries.filter((agent) => agent.category === category) })),
      total: summaries.length,
    };
  }

  async get(slug: string): Promise<AgentDefinitionDto> {
    const agent = (await this.agents()).get(slug);
    if (!agent) throw notFound(`Agent "${slug}"`);
    const { body, file, ...frontMatter } = agent;
    void file;
    return { ...summary(agent, (await this.usage()).get(slug) ?? []), front_matter: frontMatter, body, body_chars: body.length };
  }

  private async agents(): Promise<Map<string, AgentDefinition>> {
    return (await this.content.get()).agents;
  }

  /** Agent slug → the spec versions (of templates that are not archived) naming it, with the gates. */
  private async usage(): Promise<Map<string, AgentSpecUsageDto[]>> {
    const { rows } = await this.pg.query(
      `SELECT s.id, s.version, s.stages, s.id = t.active_spec_id AS active, t.id AS template_id, t.slug, t.name
       FROM specs s JOIN workflow_templates t ON t.id = s.template_id WHERE t.deleted_at IS NULL
       ORDER BY t.sort_order, t.slug, s.created_at DESC`,
    );
    const bySlug = new Map<string, AgentSpecUsageDto[]>();
    for (const spec of rows) {
      const gatesByAgent = new Map<string, string[]>();
      for (const stage of (spec.stages ?? []) as Row[]) {
        const slugs = [stage.agent, ...((stage.parallel_agents ?? []) as Row[]).map((entry) => entry.agent)].filter((slug): slug is string => typeof slug === 'string');
        for (const slug of new Set(slugs)) gatesByAgent.set(slug, [...(gatesByAgent.get(slug) ?? []), String(stage.gate)]);
      }
      for (const [slug, gates] of gatesByAgent) {
        const entry = { spec_id: spec.id, version: spec.version, active: spec.active === true, template_id: spec.template_id, template_slug: spec.slug, template_name: spec.name, gates };
        bySlug.set(slug, [...(bySlug.get(slug) ?? []), entry]);
      }
    }
    return bySlug;
  }
}

function summary(agent: AgentDefinition, specs: AgentSpecUsageDto[]): AgentSummaryDto {
  return {
    slug: agent.slug,
    name: agent.name,
    category: agent.category,
    role: agent.role,
    tier: agent.tier,
    capabilities: agent.capabilities,
    tools: agent.tools,
    model: agent.model ?? null,
    max_output_tokens: agent.max_output_tokens ?? null,
    max_tool_rounds: agent.max_tool_rounds ?? null,
    file: agent.file,
    gates: [...new Set(specs.filter((spec) => spec.active).flatMap((spec) => spec.gates))].sort(),
    specs,
  };
}
