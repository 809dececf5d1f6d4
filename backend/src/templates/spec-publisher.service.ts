import { Inject, Injectable } from '@nestjs/common';
import { safeParseWorkflow, workflowReferenceIssues, type OrchestrationCatalog, type Workflow } from '@esy/orchestration';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException } from '../common/errors/api.exception';
import type { ErrorDetailDto } from '../common/errors/error-response.dto';
import { PG, toJsonb, type Pg, type TxClient } from '../database/pg';
import { ContentCatalogService } from '../agents/content-catalog.service';
import type { SpecDto } from '../workflows/dto/workflow.dto';
import { compareVersions } from '../workflows/semver';
import { WorkflowsReadService } from '../workflows/workflows-read.service';
import { workflowVersionHash } from '../workflows/workflows.seeder';
import type { PublishSpecDto, SpecDraftDto, SpecPreviewDto } from './dto/spec.dto';
import { composeWorkflowDocument, toRequestIssues } from './spec-document';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface CheckedDraft {
  template: Row;
  issues: ErrorDetailDto[];
  workflow?: Workflow;
  /** Every version the template already has. */
  versions: string[];
}

/**
 * Publishes spec versions. A draft becomes a workflow document that must pass the same checks as a file under
 * orchestration/workflows (schema, cross-field rules, and every agent, contract, model and profile it names must
 * exist), and its version must be higher than every version the template already has. Published versions are
 * never changed afterwards; runs keep the version they started with.
 */
@Injectable()
export class SpecPublisherService {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    private readonly content: ContentCatalogService,
    private readonly workflows: WorkflowsReadService,
  ) {}

  /** Checks a draft and prices it, without publishing anything. */
  async preview(draft: SpecDraftDto): Promise<SpecPreviewDto> {
    const checked = await this.check(this.pg, draft);
    if (!checked.workflow) return { valid: false, issues: checked.issues };
    return {
      valid: checked.issues.length === 0,
      issues: checked.issues,
      version_hash: workflowVersionHash(checked.workflow),
      cost_profile: await this.workflows.costProfile(checked.workflow),
    };
  }

  async publish(draft: PublishSpecDto, actor: AuthenticatedUser): Promise<SpecDto> {
    const specId = await this.pg.transaction(async (tx) => {
      // The row lock serialises publishes of one template, so two equal versions cannot both pass the check.
      const checked = await this.check(tx, draft, true);
      if (checked.issues.length || !checked.workflow) {
        const versionOnly = checked.issues.length > 0 && checked.issues.every((issue) => issue.field === 'version' && issue.message.startsWith('must be higher'));
        if (versionOnly) throw new ApiException(409, 'VERSION_NOT_INCREASING', checked.issues[0].message, checked.issues);
        throw new ApiException(400, 'VALIDATION_FAILED', 'The spec is invalid.', checked.issues);
      }
      const workflow = checked.workflow;
      const id = await insertSpec(tx, checked.template.id, workflow, actor, { visibility: draft.visibility ?? 'public', draft: false });
      if (draft.activate !== false) {
        await tx.query(`UPDATE workflow_templates SET active_spec_id = $2, step_count = $3, updated_at = now() WHERE id = $1`, [
          checked.template.id,
          id,
          workflow.gates.length,
        ]);
      }
      return id;
    });
    return this.workflows.getSpec(actor, specId);
  }

  /**
   * Stores a draft as a hidden spec row so a draft test run can pin it: checked like a publish, except that its
   * version need not be higher (it is stored as `<version>-draft.<id>` and never listed as a version).
   */
  async saveDraftSpec(draft: SpecDraftDto, actor: AuthenticatedUser): Promise<string> {
    const checked = await this.check(this.pg, draft);
    const issues = checked.issues.filter((issue) => !(issue.field === 'version' && issue.message.startsWith('must be higher')));
    if (issues.length || !checked.workflow) throw new ApiException(400, 'VALIDATION_FAILED', 'The draft is invalid.', issues.map((issue) => ({ ...issue, field: `draft.${issue.field}` })));
    const workflow = checked.workflow;
    return insertSpec(this.pg, checked.template.id, workflow, actor, { visibility: 'private', draft: true });
  }

  private async check(db: Pg | TxClient, draft: SpecDraftDto, lock = false): Promise<CheckedDraft> {
    const { rows: templates } = await db.query(`SELECT * FROM workflow_templates WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [draft.template_id]);
    const template = templates[0];
    if (!template) throw new ApiException(404, 'NOT_FOUND', `Template ${draft.template_id} was not found.`, [{ field: 'template_id', message: 'no template has this id' }]);
    if (template.deleted_at) throw new ApiException(409, 'TEMPLATE_ARCHIVED', 'The template is archived; restore it before publishing a version.');

    const { rows: specs } = await db.query(`SELECT version, definition, id = $2 AS active FROM specs WHERE template_id = $1 AND NOT draft`, [template.id, template.active_spec_id]);
    const versions = specs.map((spec) => spec.version as string);
    const previous = specs.find((spec) => spec.active)?.definition ?? null;

    const parsed = safeParseWorkflow(composeWorkflowDocument(template, draft, previous), `template ${template.slug}`);
    if (!parsed.ok) return { template, versions, issues: toRequestIssues(parsed.issues) };

    const workflow = withPlatformDefaults(parsed.value, draft);
    const issues = toRequestIssues(workflowReferenceIssues(workflow, await this.catalog(), await this.knownModelIds(db), `template ${template.slug}`));
    const latest = versions.reduce<string | null>((high, version) => (!high || compareVersions(version, high) > 0 ? version : high), null);
    if (latest && compareVersions(workflow.version, latest) <= 0) {
      issues.push({ field: 'version', message: `must be higher than ${latest}, the template's latest version (published versions never change)` });
    }
    return { template, versions, issues, workflow };
  }

  private async catalog(): Promise<Pick<OrchestrationCatalog, 'agents' | 'contracts' | 'profiles'>> {
    // Without the content tree nothing can say whether the agents and contracts exist: 503.
    return this.content.get();
  }

  private async knownModelIds(db: Pg | TxClient): Promise<Set<string>> {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM models');
    return new Set(rows.map((row) => row.id));
  }
}

/**
 * The schema fills in `qa_config.max_attempts` and `escalate_on_retry`; a creator who left them out means "the
 * platform default" (admin settings), so they are not frozen into the version.
 */
function withPlatformDefaults(workflow: Workflow, draft: SpecDraftDto): Workflow {
  const qa: Record<string, unknown> = { ...workflow.qa_config };
  for (const key of ['max_attempts', 'escalate_on_retry']) if (draft.qa_config?.[key] === undefined) delete qa[key];
  return { ...workflow, qa_config: qa as Workflow['qa_config'] };
}

/**
 * Stores a checked workflow as a spec row. A draft (for a draft test run) gets a unique `<version>-draft.<random>`
 * version so it never collides with, or counts as, a published one.
 */
async function insertSpec(
  db: Pg | TxClient,
  templateId: string,
  workflow: Workflow,
  actor: AuthenticatedUser,
  options: { visibility: string; draft: boolean },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO specs (template_id, version, version_hash, intent_schema, stages, qa_config, output_guarantees, cost_profile,
                        artifact_type, output_formats, visibility, definition, created_by_id, draft)
     VALUES ($1, CASE WHEN $14 THEN $2 || '-draft.' || substr(md5(random()::text), 1, 10) ELSE $2 END,
             $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      templateId,
      workflow.version,
      workflowVersionHash(workflow),
      toJsonb(workflow.intent_schema),
      toJsonb(workflow.gates),
      toJsonb(workflow.qa_config),
      workflow.output_guarantees,
      toJsonb(workflow.cost_profile),
      workflow.artifact_type ?? null,
      workflow.output_formats,
      options.visibility,
      toJsonb(workflow),
      actor.id,
      options.draft,
    ],
  );
  return rows[0].id as string;
}
