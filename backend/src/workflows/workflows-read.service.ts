import { Inject, Injectable, Logger } from '@nestjs/common';
import { computeCostProfile, COST_PROFILE_RULE, DEFAULT_MODEL_BY_TIER, type Workflow } from '@esy/orchestration';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { notFound } from '../common/errors/api.exception';
import { loadModelInfos } from '../engine/model-catalog';
import { PG, type Pg } from '../database/pg';
import { RUN_ENGINE, type RunEngine } from '../engine/run-engine';
import type { CostProfileDto, ListWorkflowsQueryDto, SpecDto, SpecSummaryDto, WorkflowDetailDto, WorkflowTemplateDto } from './dto/workflow.dto';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPLATE_COLUMNS = `t.id, t.slug, t.name, t.description, t.type, t.depth, t.tags, t.what_you_get, t.estimated_time, t.step_count,
  t.featured, t.sort_order, t.active_spec_id, t.created_at, t.updated_at, a.version AS active_spec_version`;
const SPEC_SUMMARY_COLUMNS = `s.id, s.template_id, s.version, s.version_hash, s.artifact_type, s.output_formats, s.visibility, s.created_at`;

/**
 * What signed-in users may read of workflows: active templates (not deleted) with their active spec, and spec
 * versions (public ones; administrators see private ones too). Cost profiles are computed on read from the stage
 * estimates and the current model prices, so a price change shows at once.
 */
@Injectable()
export class WorkflowsReadService {
  private readonly logger = new Logger('Workflows');

  constructor(
    @Inject(PG) private readonly pg: Pg,
    @Inject(RUN_ENGINE) private readonly engine: RunEngine,
  ) {}

  async listTemplates(query: ListWorkflowsQueryDto): Promise<{ workflows: WorkflowTemplateDto[]; total: number }> {
    const where = ['t.active', 't.deleted_at IS NULL', 't.active_spec_id IS NOT NULL'];
    const values: unknown[] = [];
    if (query.type) where.push(`t.type = $${values.push(query.type)}`);
    if (query.depth) where.push(`t.depth = $${values.push(query.depth)}`);
    for (const word of (query.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
      const n = values.push(`%${escapeLike(word.toLowerCase())}%`);
      where.push(`(lower(t.name) LIKE $${n} OR lower(t.description) LIKE $${n} OR t.slug LIKE $${n} OR EXISTS (SELECT 1 FROM unnest(t.tags) tag WHERE lower(tag) LIKE $${n}))`);
    }
    const { rows } = await this.pg.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id
       WHERE ${where.join(' AND ')} ORDER BY t.featured DESC, t.sort_order, t.name`,
      values,
    );
    const workflows = rows.map(toTemplate);
    return { workflows, total: workflows.length };
  }

  async getBySlug(slug: string): Promise<WorkflowDetailDto> {
    const { rows } = await this.pg.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id
       WHERE t.slug = $1 AND t.active AND t.deleted_at IS NULL AND t.active_spec_id IS NOT NULL`,
      [slug],
    );
    // Like the list: a template without a published spec is a draft, not something users can open.
    if (rows.length === 0) throw notFound(`Workflow "${slug}"`);
    const template = toTemplate(rows[0]);
    const spec = template.active_spec_id ? await this.specRow(template.active_spec_id) : null;
    return { ...template, active_spec: spec ? await this.toSpec(spec, template.active_spec_id) : null };
  }

  async listSpecs(user: AuthenticatedUser): Promise<{ specs: SpecSummaryDto[]; total: number }> {
    const { rows: templates } = await this.pg.query(
      `SELECT ${TEMPLATE_COLUMNS}, t.active FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id
       WHERE t.deleted_at IS NULL AND ($1 OR t.active) ORDER BY t.sort_order, t.name`,
      [user.role === 'admin'],
    );
    const byId = new Map(templates.map((row) => [row.id as string, row]));
    const { rows } = await this.pg.query(
      `SELECT ${SPEC_SUMMARY_COLUMNS} FROM specs s WHERE s.template_id = ANY($1::uuid[]) AND NOT s.draft AND ($2 OR s.visibility = 'public')
       ORDER BY s.created_at DESC`,
      [[...byId.keys()], user.role === 'admin'],
    );
    const order = new Map([...byId.keys()].map((id, index) => [id, index]));
    const specs = rows
      .sort((a, b) => order.get(a.template_id)! - order.get(b.template_id)!)
      .map((row) => {
        const template = byId.get(row.template_id)!;
        return { ...toSpecSummary(row, template.active_spec_id), template: toTemplate(template) };
      });
    return { specs, total: specs.length };
  }

  async getSpec(user: AuthenticatedUser, id: string): Promise<SpecDto> {
    const spec = await this.specRow(id);
    if (!spec) throw notFound(`Spec ${id}`);
    const { rows } = await this.pg.query(
      `SELECT ${TEMPLATE_COLUMNS}, t.active, t.deleted_at FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id WHERE t.id = $1`,
      [spec.template_id],
    );
    const template = rows[0];
    const visible = user.role === 'admin' || (template && template.active && !template.deleted_at && spec.visibility === 'public');
    if (!visible) throw notFound(`Spec ${id}`);
    return { ...(await this.toSpec(spec, template.active_spec_id)), template: toTemplate(template) };
  }

  /** The spec row (full definition) — also used by run creation. */
  async specRow(id: string): Promise<Row | null> {
    const { rows } = await this.pg.query(
      `SELECT ${SPEC_SUMMARY_COLUMNS}, s.intent_schema, s.stages, s.qa_config, s.output_guarantees, s.cost_profile, s.definition, s.draft
       FROM specs s WHERE s.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** min / typical / max cost from stage estimates and current prices (SPEC section 7). */
  async costProfile(definition: Workflow): Promise<CostProfileDto> {
    const models = await loadModelInfos(this.pg);
    let agents: Parameters<typeof computeCostProfile>[3];
    try {
      agents = (await this.engine.catalog.get()).agents;
    } catch (error) {
      // Without the content tree the profile still prices every stage by its tier's default model.
      this.logger.warn(`Cost profile without agent hints: ${(error as Error).message.split('\n')[0]}`);
    }
    const profile = computeCostProfile(definition, new Map(models.map((model) => [model.id, model])), DEFAULT_MODEL_BY_TIER, agents);
    return { ...profile, rule: COST_PROFILE_RULE };
  }

  /** The one spec row → SpecDto mapping (workflow pages, run detail, admin run detail). */
  async toSpec(row: Row, activeSpecId: string | null): Promise<SpecDto> {
    return {
      ...toSpecSummary(row, activeSpecId),
      intent_schema: row.intent_schema ?? [],
      stages: row.stages ?? [],
      qa_config: row.qa_config ?? {},
      output_guarantees: row.output_guarantees ?? [],
      modes: (row.definition as Workflow).modes ?? [],
      default_mode: (row.definition as Workflow).default_mode ?? null,
      cost_profile: await this.costProfile(row.definition as Workflow),
    };
  }
}

export function toTemplate(row: Row): WorkflowTemplateDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    type: row.type,
    depth: row.depth,
    tags: row.tags ?? [],
    what_you_get: row.what_you_get ?? [],
    estimated_time: row.estimated_time ?? null,
    step_count: row.step_count,
    featured: row.featured,
    sort_order: row.sort_order,
    active_spec_id: row.active_spec_id ?? null,
    active_spec_version: row.active_spec_version ?? null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

function toSpecSummary(row: Row, activeSpecId: string | null): SpecSummaryDto {
  return {
    id: row.id,
    template_id: row.template_id,
    version: row.version,
    version_hash: row.version_hash,
    artifact_type: row.artifact_type ?? null,
    output_formats: row.output_formats ?? [],
    visibility: row.visibility,
    active: row.id === activeSpecId,
    created_at: iso(row.created_at),
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function iso(value: Date | string | null | undefined): string {
  return value instanceof Date ? value.toISOString() : String(value ?? '');
}
