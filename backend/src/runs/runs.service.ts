import { randomUUID } from 'node:crypto';
import { cursorPage } from '../common/pagination/cursor';
import { createdAtKey, cursorTimestamp, newestFirstAfter } from '../common/pagination/created-at-keyset';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createAndStartRun, newRunSnapshot, projectSlugFor, validateIntent, type IntentField, type Workflow } from '@esy/orchestration';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException, notFound } from '../common/errors/api.exception';
import { PG, type Pg } from '../database/pg';
import type { RunHostRow } from '../engine/pg-run-store';
import { RUN_ENGINE, type RunEngine } from '../engine/run-engine';
import { toTemplate, WorkflowsReadService } from '../workflows/workflows-read.service';
import type { CreateRunDto, CreateRunResponseDto, ListRunsQueryDto, RunDetailDto, RunListDto } from './dto/run.dto';
import { ATTEMPT_VIEW_COLUMNS, gateViews, RUN_VIEW_COLUMNS, toRunDto } from './run-views';
import { deciderNames, overrideReasons, verificationOf } from './run-verification';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Intent keys whose value names a run best ("serendipity · Visual Essay"). */
const NAME_KEYS = ['word', 'topic', 'subject', 'concept', 'question', 'title', 'theme', 'name'];

@Injectable()
export class RunsService {
  private readonly logger = new Logger('Runs');

  constructor(
    @Inject(PG) private readonly pg: Pg,
    @Inject(RUN_ENGINE) private readonly engine: RunEngine,
    private readonly workflows: WorkflowsReadService,
  ) {}

  /**
   * Validates the intent against the spec, then hands the run to the core: `newRunSnapshot` (mode, depth, slug,
   * budget) and `createAndStartRun` (the run, `run_started` and the first gate's attempt in one transaction, its
   * job queued after the commit). Answers at once; the gates run on the workers.
   */
  async create(
    user: AuthenticatedUser,
    body: CreateRunDto,
    options: { draft?: boolean; modelOverride?: string | null; simulatorOnly?: boolean } = {},
  ): Promise<CreateRunResponseDto> {
    const spec = await this.workflows.specRow(body.spec_id);
    const template = spec ? await this.templateOf(spec.template_id) : null;
    // A draft spec runs only as a draft test run (DraftRunsService), never through the public route.
    const runnable =
      spec && template && !template.deleted_at && spec.draft === (options.draft === true) && (user.role === 'admin' || (template.active && spec.visibility === 'public'));
    if (!spec || !template || !runnable) {
      throw new ApiException(404, 'NOT_FOUND', `Spec ${body.spec_id} was not found.`, [{ field: 'spec_id', message: 'no runnable spec has this id' }]);
    }
    if (user.workflows && !user.workflows.includes(template.slug)) {
      throw new ApiException(
        403,
        'WORKFLOW_NOT_ALLOWED',
        `This API key is limited to the workflows ${user.workflows.join(', ')}; spec ${spec.id} belongs to ${template.slug}.`,
      );
    }
    const workflow = spec.definition as Workflow;
    const checked = validateIntent((spec.intent_schema ?? []) as IntentField[], body.intent);
    if (!checked.ok) {
      throw new ApiException(
        400,
        'VALIDATION_FAILED',
        'The intent does not match the workflow’s intake form.',
        checked.errors.map((error) => ({ field: error.field ? `intent.${error.field}` : 'intent', message: error.message })),
      );
    }
    if (workflow.gates.length === 0) throw new ApiException(409, 'SPEC_HAS_NO_GATES', `Spec ${spec.id} has no gates to run.`);
    const intent = checked.value;
    const runSettings = await this.engine.platformSettings.runSettings();
    await this.engine.refreshSettings();
    const id = randomUUID();
    const run = newRunSnapshot(workflow, intent, {
      id,
      slug: `${projectSlugFor(workflow.workflow, intent)}-${id.slice(0, 6)}`,
      budgetUsd: workflow.cost_profile?.budget_usd ?? runSettings.defaultBudgetUsd,
      modelOverride: options.modelOverride ?? null,
    });
    const displayName = body.display_name?.trim() || defaultDisplayName(intent, template.name);
    const host: RunHostRow = { specId: spec.id, templateId: template.id, userId: user.id, displayName, draft: options.draft === true, simulatorOnly: options.simulatorOnly === true };
    try {
      await createAndStartRun(this.engine.deps, run, host);
    } catch (error) {
      if (!(await this.exists(id))) throw error;
      // The run is stored; only queueing its first job failed (e.g. Redis was away): a worker's sweep queues it.
      this.logger.warn(`Run ${id} created but its first job not queued yet: ${(error as Error).message}`);
    }
    const { rows: runRows } = await this.pg.query('SELECT status FROM runs WHERE id = $1', [id]);
    const attempts = await this.attemptsOf(id);
    return {
      run: {
        id,
        project_slug: run.slug,
        display_name: displayName,
        status: runRows[0]?.status ?? 'pending',
        total_gates: workflow.gates.length,
        gates: gateViews(workflow.gates, attempts, workflow.qa_config?.max_attempts ?? runSettings.defaultMaxAttempts),
      },
    };
  }

  /** The caller's own runs, newest first (administrators too: the admin list shows everyone's). */
  async list(user: AuthenticatedUser, query: ListRunsQueryDto): Promise<RunListDto> {
    const values: unknown[] = [user.id];
    // Draft test runs belong to the creator's account but are not the creator's own work: never listed here.
    let where = 'r.user_id = $1 AND NOT r.draft';
    if (query.status) where += ` AND r.status = $${values.push(query.status)}`;
    if (user.workflows) {
      // A key limited to workflows lists only their runs.
      where += ` AND r.template_id IN (SELECT id FROM workflow_templates WHERE slug = ANY($${values.push(user.workflows)}))`;
    }
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const countValues = [...values];
    const countWhere = where;
    if (query.cursor) where += ` AND ${newestFirstAfter('r', query.cursor, values)}`;
    const [{ rows }, { rows: count }] = await Promise.all([
      this.pg.query(
        `SELECT ${RUN_VIEW_COLUMNS}, ${cursorTimestamp('r')} FROM runs r JOIN workflow_templates t ON t.id = r.template_id
         WHERE ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit + 1} OFFSET ${offset}`,
        values,
      ),
      this.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs r WHERE ${countWhere}`, countValues),
    ]);
    const page = cursorPage(rows, limit, createdAtKey);
    return { runs: page.items.map(toRunDto), total: count[0].n, next_cursor: page.next_cursor, has_more: page.has_more };
  }

  /** Run, gates (latest attempt each, with validation summaries), template and spec. Caller checked access. */
  async detail(id: string): Promise<RunDetailDto> {
    const { rows } = await this.pg.query(`SELECT ${RUN_VIEW_COLUMNS} FROM runs r JOIN workflow_templates t ON t.id = r.template_id WHERE r.id = $1`, [id]);
    if (rows.length === 0) throw notFound(`Run ${id}`);
    const row = rows[0];
    const [spec, template, attempts, lastEvent, settings] = await Promise.all([
      this.workflows.specRow(row.spec_id),
      this.templateOf(row.template_id),
      this.attemptsOf(id),
      this.pg.query<{ id: string | null }>('SELECT max(id) AS id FROM run_events WHERE run_id = $1', [id]),
      this.engine.platformSettings.runSettings(),
    ]);
    const workflow = spec!.definition as Workflow;
    const gates = gateViews(workflow.gates, attempts, workflow.qa_config?.max_attempts ?? settings.defaultMaxAttempts, await deciderNames(this.pg, attempts));
    return {
      run: toRunDto(row),
      gates,
      verification: verificationOf(row.status, gates, await overrideReasons(this.pg, id)),
      template: toTemplate(template!),
      spec: await this.workflows.toSpec(spec!, template!.active_spec_id),
      last_event_id: Number(lastEvent.rows[0]?.id ?? 0),
    };
  }

  private async exists(runId: string): Promise<boolean> {
    const { rows } = await this.pg.query('SELECT 1 FROM runs WHERE id = $1', [runId]);
    return rows.length > 0;
  }

  private async templateOf(id: string): Promise<Row | null> {
    const { rows } = await this.pg.query(
      `SELECT t.*, a.version AS active_spec_version FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id WHERE t.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  private async attemptsOf(runId: string): Promise<Row[]> {
    const { rows } = await this.pg.query(`SELECT ${ATTEMPT_VIEW_COLUMNS} FROM gate_executions WHERE run_id = $1 ORDER BY gate_order, attempt_number`, [runId]);
    return rows;
  }
}

function defaultDisplayName(intent: Record<string, unknown>, templateName: string): string {
  for (const key of NAME_KEYS) {
    const value = intent[key];
    if (typeof value === 'string' && value.trim()) {
      const text = value.trim().replace(/\s+/g, ' ');
      return `${text.length > 120 ? `${text.slice(0, 119)}…` : text} · ${templateName}`;
    }
  }
  return templateName;
}
