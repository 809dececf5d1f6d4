import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException, notFound } from '../common/errors/api.exception';
import { cursorPage, decodeCursor } from '../common/pagination/cursor';
import { PG, toJsonb, type Pg, type TxClient } from '../database/pg';
import { compareVersions } from '../workflows/semver';
import { iso, toTemplate, WorkflowsReadService } from '../workflows/workflows-read.service';
import { workflowVersionHash } from '../workflows/workflows.seeder';
import type { Workflow } from '@esy/orchestration';
import type {
  AdminTemplateDetailDto,
  AdminTemplateDto,
  AdminTemplateListDto,
  CreateTemplateDto,
  DuplicateTemplateDto,
  ListAdminTemplatesQueryDto,
  UpdateTemplateDto,
} from './dto/template.dto';
import { SpecHistoryService } from './spec-history.service';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ADMIN_COLUMNS = `t.*, a.version AS active_spec_version,
  (SELECT array_agg(s.version) FROM specs s WHERE s.template_id = t.id AND NOT s.draft) AS versions,
  (SELECT count(*) FROM runs r WHERE r.template_id = t.id AND NOT r.draft)::int AS run_count`;

/** Request field → column for the catalogue fields an administrator edits. */
const EDITABLE: Record<string, string> = {
  name: 'name',
  description: 'description',
  type: 'type',
  depth: 'depth',
  tags: 'tags',
  what_you_get: 'what_you_get',
  estimated_time: 'estimated_time',
  featured: 'featured',
  sort_order: 'sort_order',
  active: 'active',
};

/**
 * Templates as creators manage them: every template (inactive and archived ones too), create, edit, archive
 * (soft delete: hidden from users, kept for the runs that used it), restore and duplicate. Spec versions are
 * published through SpecPublisherService.
 */
@Injectable()
export class AdminTemplatesService {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    private readonly history: SpecHistoryService,
    private readonly workflows: WorkflowsReadService,
  ) {}

  async list(query: ListAdminTemplatesQueryDto): Promise<AdminTemplateListDto> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (!query.include_archived) where.push('t.deleted_at IS NULL');
    if (query.type) where.push(`t.type = $${values.push(query.type)}`);
    if (query.search?.trim()) {
      const n = values.push(`%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(t.name ILIKE $${n} OR t.slug ILIKE $${n} OR t.description ILIKE $${n})`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { rows: count } = await this.pg.query<{ total: number }>(`SELECT count(*)::int AS total FROM workflow_templates t ${filter}`, values);
    if (query.cursor) {
      // Keyset on the catalogue order itself (archived last, then sort order, name, id).
      const [archived, sortOrder, name, id] = decodeCursor(query.cursor, ['boolean', 'integer', 'text', 'uuid']);
      const n = values.push(archived, sortOrder, name, id);
      where.push(`(t.deleted_at IS NOT NULL, t.sort_order, t.name, t.id) > ($${n - 3}::boolean, $${n - 2}::int, $${n - 1}::text, $${n}::uuid)`);
    }
    const pageFilter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { rows } = await this.pg.query(
      `SELECT ${ADMIN_COLUMNS} FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id ${pageFilter}
       ORDER BY t.deleted_at IS NOT NULL, t.sort_order, t.name, t.id LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, query.limit + 1, query.offset],
    );
    const page = cursorPage(rows, query.limit, (row) => [row.deleted_at !== null, row.sort_order, row.name, row.id]);
    return { templates: page.items.map(toAdminTemplate), total: count[0].total, next_cursor: page.next_cursor, has_more: page.has_more };
  }

  async get(user: AuthenticatedUser, id: string): Promise<AdminTemplateDetailDto> {
    const template = await this.row(this.pg, id);
    const versions = await this.history.versionsOf(id);
    const activeSpec = template.active_spec_id ? await this.workflows.getSpec(user, template.active_spec_id) : null;
    if (activeSpec) delete activeSpec.template;
    return { ...toAdminTemplate(template), versions, active_spec: activeSpec };
  }

  async create(user: AuthenticatedUser, body: CreateTemplateDto): Promise<AdminTemplateDetailDto> {
    const id = await this.insertUnique(async () => {
      const { rows } = await this.pg.query(
        `INSERT INTO workflow_templates (slug, name, description, type, depth, tags, what_you_get, estimated_time, featured, sort_order, active, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          body.slug,
          body.name,
          body.description ?? '',
          body.type,
          body.depth ?? 'standard',
          body.tags ?? [],
          body.what_you_get ?? [],
          body.estimated_time ?? null,
          body.featured ?? false,
          body.sort_order ?? 100,
          body.active ?? true,
          user.id,
        ],
      );
      return rows[0].id as string;
    }, body.slug);
    return this.get(user, id);
  }

  async update(user: AuthenticatedUser, id: string, body: UpdateTemplateDto): Promise<AdminTemplateDetailDto> {
    await this.pg.transaction(async (tx) => {
      const template = await this.row(tx, id, true);
      const sets: string[] = [];
      const values: unknown[] = [id];
      for (const [field, column] of Object.entries(EDITABLE)) {
        const value = (body as Record<string, unknown>)[field];
        if (value !== undefined) sets.push(`${column} = $${values.push(value)}`);
      }
      if (body.active_spec_id !== undefined && body.active_spec_id !== template.active_spec_id) {
        const { rows } = await tx.query(`SELECT jsonb_array_length(stages) AS stage_count FROM specs WHERE id = $1 AND template_id = $2`, [body.active_spec_id, id]);
        if (rows.length === 0) {
          throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: 'active_spec_id', message: 'is not a version of this template' }]);
        }
        sets.push(`active_spec_id = $${values.push(body.active_spec_id)}`, `step_count = $${values.push(rows[0].stage_count)}`);
      }
      if (sets.length) await tx.query(`UPDATE workflow_templates SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
    });
    return this.get(user, id);
  }

  /** Soft delete: users no longer see it or start runs of it; its runs and versions stay. */
  async archive(user: AuthenticatedUser, id: string): Promise<AdminTemplateDetailDto> {
    await this.row(this.pg, id);
    await this.pg.query(`UPDATE workflow_templates SET deleted_at = COALESCE(deleted_at, now()), updated_at = now() WHERE id = $1`, [id]);
    return this.get(user, id);
  }

  async restore(user: AuthenticatedUser, id: string): Promise<AdminTemplateDetailDto> {
    await this.row(this.pg, id);
    await this.pg.query(`UPDATE workflow_templates SET deleted_at = NULL, updated_at = now() WHERE id = $1`, [id]);
    return this.get(user, id);
  }

  /**
   * A copy under a new slug, inactive until an administrator turns it on. Its active version (if any) is copied
   * as the copy's first version `1.0.0`, re-hashed since the slug and name are part of the definition.
   */
  async duplicate(user: AuthenticatedUser, id: string, body: DuplicateTemplateDto): Promise<AdminTemplateDetailDto> {
    const copyId = await this.insertUnique(
      () =>
        this.pg.transaction(async (tx) => {
          const source = await this.row(tx, id);
          const name = body.name ?? `${source.name} (copy)`.slice(0, 120);
          const { rows } = await tx.query(
            `INSERT INTO workflow_templates (slug, name, description, type, depth, tags, what_you_get, estimated_time, featured, sort_order, active, created_by_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, $9, false, $10) RETURNING id`,
            [body.slug, name, source.description, source.type, source.depth, source.tags, source.what_you_get, source.estimated_time, source.sort_order, user.id],
          );
          const copy = rows[0].id as string;
          if (source.active_spec_id) await this.copySpec(tx, source.active_spec_id, copy, body.slug, name, user.id);
          return copy;
        }),
      body.slug,
    );
    return this.get(user, copyId);
  }

  private async copySpec(tx: TxClient, specId: string, templateId: string, slug: string, name: string, userId: string): Promise<void> {
    const { rows } = await tx.query(`SELECT * FROM specs WHERE id = $1`, [specId]);
    const spec = rows[0];
    const definition = { ...(spec.definition as Workflow), workflow: slug, name, version: '1.0.0', featured: false };
    const inserted = await tx.query(
      `INSERT INTO specs (template_id, version, version_hash, intent_schema, stages, qa_config, output_guarantees, cost_profile,
                          artifact_type, output_formats, visibility, definition, created_by_id)
       VALUES ($1, '1.0.0', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        templateId,
        workflowVersionHash(definition),
        toJsonb(spec.intent_schema),
        toJsonb(spec.stages),
        toJsonb(spec.qa_config),
        spec.output_guarantees,
        toJsonb(spec.cost_profile),
        spec.artifact_type,
        spec.output_formats,
        spec.visibility,
        toJsonb(definition),
        userId,
      ],
    );
    await tx.query(`UPDATE workflow_templates SET active_spec_id = $2, step_count = $3 WHERE id = $1`, [templateId, inserted.rows[0].id, (spec.stages ?? []).length]);
  }

  private async row(db: Pg | TxClient, id: string, lock = false): Promise<Row> {
    const { rows } = await db.query(
      lock
        ? `SELECT t.* FROM workflow_templates t WHERE t.id = $1 FOR UPDATE`
        : `SELECT ${ADMIN_COLUMNS} FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id WHERE t.id = $1`,
      [id],
    );
    if (rows.length === 0) throw notFound(`Template ${id}`);
    return rows[0];
  }

  /** Runs an insert; a duplicate slug (also an archived template's) answers 409 SLUG_TAKEN. */
  private async insertUnique<T>(insert: () => Promise<T>, slug: string): Promise<T> {
    try {
      return await insert();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ApiException(409, 'SLUG_TAKEN', `A template with the slug "${slug}" already exists (archived ones count).`, [
          { field: 'slug', message: 'is already used by another template' },
        ]);
      }
      throw error;
    }
  }
}

export function toAdminTemplate(row: Row): AdminTemplateDto {
  const versions = (row.versions ?? []) as string[];
  return {
    ...toTemplate(row),
    active: row.active,
    archived_at: row.deleted_at ? iso(row.deleted_at) : null,
    spec_count: versions.length,
    latest_version: versions.reduce<string | null>((high, version) => (!high || compareVersions(version, high) > 0 ? version : high), null),
    run_count: Number(row.run_count ?? 0),
  };
}
