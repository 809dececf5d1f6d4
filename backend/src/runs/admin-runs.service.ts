import { Inject, Injectable } from '@nestjs/common';
import {
  approveGate,
  cancelRun,
  formatUsd,
  isInfrastructureFailure,
  latestByGate,
  LifecycleError,
  parseUsd,
  rerunGate,
  resumeRun,
  skipGate,
  type Actor,
  type Workflow,
} from '@esy/orchestration';
import { createTwoFilesPatch } from 'diff';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException, notFound } from '../common/errors/api.exception';
import { cursorPage } from '../common/pagination/cursor';
import { createdAtKey, cursorTimestamp, newestFirstAfter } from '../common/pagination/created-at-keyset';
import { PG, type Pg } from '../database/pg';
import { PromptParts } from '../engine/prompt-parts';
import { RUN_ENGINE, type RunEngine } from '../engine/run-engine';
import { toTemplate, WorkflowsReadService, iso } from '../workflows/workflows-read.service';
import type {
  AdminListRunsQueryDto,
  AdminRunDetailDto,
  AdminRunDto,
  AdminRunListDto,
  BulkRunsResponseDto,
  CostBreakdownDto,
  GateAttemptDto,
  GateDiffDto,
  OperatorActionDto,
  RunActionResponseDto,
} from './dto/admin-run.dto';
import type { ArtifactDto } from './dto/artifact.dto';
import { ATTEMPT_VIEW_COLUMNS, gateViews, isoOrNull, money, RUN_VIEW_COLUMNS, toRunDto } from './run-views';
import { buildRunTrace } from './run-trace';
import { deciderNames, overrideReasons, verificationOf } from './run-verification';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ADMIN_RUN_COLUMNS = `${RUN_VIEW_COLUMNS}, u.email AS user_email, u.display_name AS user_display_name, r.user_id, r.draft`;

/** The operator's view of runs: everyone's, every attempt in full, and the actions of SPEC section 6. */
@Injectable()
export class AdminRunsService {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    @Inject(RUN_ENGINE) private readonly engine: RunEngine,
    private readonly promptParts: PromptParts,
    private readonly workflows: WorkflowsReadService,
  ) {}

  async list(query: AdminListRunsQueryDto): Promise<AdminRunListDto> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (query.status) where.push(`r.status = $${values.push(query.status)}`);
    if (query.user_id) where.push(`r.user_id = $${values.push(query.user_id)}`);
    if (query.template_slug) where.push(`t.slug = $${values.push(query.template_slug)}`);
    if (query.date_from) where.push(`r.created_at >= $${values.push(new Date(query.date_from))}`);
    if (query.date_to) where.push(`r.created_at < $${values.push(new Date(query.date_to))}`);
    const search = query.search?.trim();
    if (search) {
      const n = values.push(`%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const prefix = values.push(`${search.toLowerCase().replace(/[^0-9a-f-]/g, '')}%`);
      where.push(`(lower(r.display_name) LIKE $${n} OR r.project_slug LIKE $${n} OR lower(u.email) LIKE $${n} OR ($${prefix} <> '%' AND r.id::text LIKE $${prefix}))`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM runs r JOIN workflow_templates t ON t.id = r.template_id JOIN users u ON u.id = r.user_id';
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const pageValues = [...values];
    const pageWhere = query.cursor ? [...where, newestFirstAfter('r', query.cursor, pageValues)] : where;
    const pageFilter = pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : '';
    const [{ rows }, { rows: count }] = await Promise.all([
      this.pg.query(
        `SELECT ${ADMIN_RUN_COLUMNS}, ${cursorTimestamp('r')} ${from} ${pageFilter} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit + 1} OFFSET ${offset}`,
        pageValues,
      ),
      this.pg.query<{ n: number }>(`SELECT count(*)::int AS n ${from} ${filter}`, values),
    ]);
    const page = cursorPage(rows, limit, createdAtKey);
    return { runs: page.items.map(toAdminRun), total: count[0].n, next_cursor: page.next_cursor, has_more: page.has_more };
  }

  async detail(runId: string): Promise<AdminRunDetailDto> {
    const run = await this.runRow(runId);
    const [spec, templateRows, attempts, artifacts, actions, lastEvent, settings] = await Promise.all([
      this.workflows.specRow(run.spec_id),
      this.pg.query(`SELECT t.*, a.version AS active_spec_version FROM workflow_templates t LEFT JOIN specs a ON a.id = t.active_spec_id WHERE t.id = $1`, [run.template_id]),
      this.pg.query(
        `SELECT ${ATTEMPT_VIEW_COLUMNS}, prompt_packet, raw_output, validation_results, routing, worker_id FROM gate_executions
         WHERE run_id = $1 ORDER BY gate_order, attempt_number`,
        [runId],
      ),
      this.pg.query(
        `SELECT a.id, a.run_id, a.gate_id, a.gate_execution_id, g.attempt_number, a.file_name, a.file_path, a.content_type, a.content_hash,
           a.size_bytes, a.version, a.created_at
         FROM artifacts a LEFT JOIN gate_executions g ON g.id = a.gate_execution_id WHERE a.run_id = $1 ORDER BY a.file_path, a.version`,
        [runId],
      ),
      this.pg.query(
        `SELECT o.id, o.action, o.gate_id, o.gate_execution_id, o.user_id, u.email AS user_email, o.reason, o.details, o.created_at
         FROM operator_actions o LEFT JOIN users u ON u.id = o.user_id WHERE o.run_id = $1 ORDER BY o.created_at, o.id`,
        [runId],
      ),
      this.pg.query<{ id: string | null }>('SELECT max(id) AS id FROM run_events WHERE run_id = $1', [runId]),
      this.engine.platformSettings.runSettings(),
    ]);
    const workflow = spec!.definition as Workflow;
    const template = templateRows.rows[0];
    const packets = await this.promptParts.expand(attempts.rows.map((row) => row.prompt_packet ?? null));
    attempts.rows.forEach((row, index) => (row.prompt_packet = packets[index]));
    const deciders = await deciderNames(this.pg, attempts.rows);
    const gates = gateViews(workflow.gates, attempts.rows, workflow.qa_config?.max_attempts ?? settings.defaultMaxAttempts, deciders);
    return {
      run: toAdminRun(run),
      gates,
      verification: verificationOf(run.status, gates, await overrideReasons(this.pg, runId)),
      integrity_sweep: run.integrity_sweep ?? null,
      attempts: attempts.rows.map(toAttempt),
      artifacts: artifacts.rows.map(toArtifactDto),
      operator_actions: actions.rows.map(toAction),
      cost_breakdown: costBreakdown(attempts.rows),
      trace: buildRunTrace(attempts.rows),
      template: toTemplate(template),
      spec: await this.workflows.toSpec(spec!, template.active_spec_id),
      last_event_id: Number(lastEvent.rows[0]?.id ?? 0),
    };
  }

  /** The full run record: the admin detail plus every event and every file version with its text. */
  async export(runId: string): Promise<Record<string, unknown>> {
    const detail = await this.detail(runId);
    const [events, contents] = await Promise.all([
      this.pg.query('SELECT id, type, payload, created_at FROM run_events WHERE run_id = $1 ORDER BY id', [runId]),
      this.pg.query<{ id: string; content: Buffer | null }>('SELECT id, content FROM artifacts WHERE run_id = $1', [runId]),
    ]);
    const text = new Map(contents.rows.map((row) => [row.id, row.content?.toString('utf8') ?? '']));
    return {
      format: 'esy-run-record/1',
      exported_at: new Date().toISOString(),
      ...detail,
      artifacts: detail.artifacts.map((artifact) => ({ ...artifact, content: text.get(artifact.id) ?? '' })),
      events: events.rows.map((row) => ({ id: Number(row.id), type: row.type, payload: row.payload, created_at: iso(row.created_at) })),
    };
  }

  async rerun(user: AuthenticatedUser, runId: string, gateId: string, modelId?: string, reason?: string): Promise<RunActionResponseDto> {
    if (modelId) await this.assertActiveModel(modelId);
    await this.lifecycle(() => rerunGate(this.engine.deps, { runId, gateId, actor: actorOf(user), modelId: modelId ?? null, reason: reason ?? null }));
    return this.actionResponse(runId, gateId);
  }

  async skip(user: AuthenticatedUser, runId: string, gateId: string, reason: string): Promise<RunActionResponseDto> {
    await this.lifecycle(() => skipGate(this.engine.deps, { runId, gateId, actor: actorOf(user), reason }));
    return this.actionResponse(runId, gateId);
  }

  async approve(user: AuthenticatedUser, runId: string, gateId: string, reason: string): Promise<RunActionResponseDto> {
    await this.lifecycle(() => approveGate(this.engine.deps, { runId, gateId, actor: actorOf(user), reason }));
    return this.actionResponse(runId, gateId);
  }

  async cancel(user: AuthenticatedUser, runId: string, reason?: string): Promise<RunActionResponseDto> {
    await this.lifecycle(() => cancelRun(this.engine.deps, { runId, actor: actorOf(user), reason: reason ?? null }));
    return this.actionResponse(runId);
  }

  async resume(user: AuthenticatedUser, runId: string, budgetUsd?: string, reason?: string): Promise<RunActionResponseDto> {
    await this.lifecycle(() => resumeRun(this.engine.deps, { runId, actor: actorOf(user), reason: reason ?? null, budgetUsd: budgetUsd ?? null }));
    return this.actionResponse(runId);
  }

  /** Cancels each run it can; one result per run (a run that cannot be cancelled does not stop the others). */
  async bulkCancel(user: AuthenticatedUser, runIds: string[], reason?: string): Promise<BulkRunsResponseDto> {
    return this.bulk(runIds, async (runId) => {
      await cancelRun(this.engine.deps, { runId, actor: actorOf(user), reason: reason ?? null });
      return {};
    });
  }

  /** For each paused or failed run: one new attempt of the gate that failed (the run's current gate). */
  async bulkRerunFailed(user: AuthenticatedUser, runIds: string[], reason?: string): Promise<BulkRunsResponseDto> {
    return this.bulk(runIds, async (runId) => {
      const run = await this.engine.store.getRun(runId);
      if (!run) throw new LifecycleError('NOT_FOUND', `run ${runId} not found`);
      const latest = latestByGate(await this.engine.store.listAttempts(runId));
      const failedGate =
        (run.currentGate && latest.get(run.currentGate)?.status === 'failed' ? run.currentGate : null) ??
        run.workflow.gates.find((gate) => latest.get(gate.gate)?.status === 'failed')?.gate;
      if (!failedGate) throw new LifecycleError('CONFLICT', `run ${runId} has no failed gate to rerun`);
      await rerunGate(this.engine.deps, { runId, gateId: failedGate, actor: actorOf(user), reason: reason ?? null });
      return { gate_id: failedGate };
    });
  }

  /** Per-file unified diff between the files two attempts of one gate wrote. */
  async gateDiff(runId: string, gateId: string, from: number, to: number): Promise<GateDiffDto> {
    await this.runRow(runId);
    const { rows: attempts } = await this.pg.query<{ id: string; attempt_number: number }>(
      'SELECT id, attempt_number FROM gate_executions WHERE run_id = $1 AND gate_id = $2 AND attempt_number = ANY($3::int[])',
      [runId, gateId, [from, to]],
    );
    const idOf = (n: number) => attempts.find((a) => a.attempt_number === n)?.id;
    for (const n of [from, to]) if (!idOf(n)) throw notFound(`Attempt ${n} of gate ${gateId} in run ${runId}`);
    const filesOf = async (attemptId: string) => {
      const { rows } = await this.pg.query<{ file_path: string; content_hash: string; content: Buffer | null }>(
        `SELECT DISTINCT ON (file_path) file_path, content_hash, content FROM artifacts WHERE gate_execution_id = $1 ORDER BY file_path, version DESC`,
        [attemptId],
      );
      return new Map(rows.map((row) => [row.file_path, { sha256: row.content_hash, text: row.content?.toString('utf8') ?? '' }]));
    };
    const [before, after] = await Promise.all([filesOf(idOf(from)!), filesOf(idOf(to)!)]);
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
    return {
      run_id: runId,
      gate_id: gateId,
      from,
      to,
      files: paths.map((path) => {
        const a = before.get(path);
        const b = after.get(path);
        const change = !a ? 'added' : !b ? 'removed' : a.sha256 === b.sha256 ? 'unchanged' : 'modified';
        const diff = change === 'unchanged' ? '' : createTwoFilesPatch(`a/${path}`, `b/${path}`, a?.text ?? '', b?.text ?? '', `attempt ${from}`, `attempt ${to}`);
        return { path, change, from_sha256: a?.sha256 ?? null, to_sha256: b?.sha256 ?? null, diff };
      }),
    };
  }

  private async bulk(runIds: string[], act: (runId: string) => Promise<{ gate_id?: string }>): Promise<BulkRunsResponseDto> {
    const results: BulkRunsResponseDto['results'] = [];
    for (const runId of runIds) {
      try {
        results.push({ run_id: runId, ok: true, ...(await act(runId)) });
      } catch (error) {
        if (!(error instanceof LifecycleError)) throw error;
        results.push({ run_id: runId, ok: false, code: error.code, message: error.message });
      }
    }
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  /** Runs an engine operation, answering its LifecycleError as 404 / 409 / 400 in the standard error shape. */
  private async lifecycle<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof LifecycleError)) throw error;
      const status = error.code === 'NOT_FOUND' ? 404 : error.code === 'CONFLICT' ? 409 : 400;
      const code = error.code === 'INVALID' ? 'VALIDATION_FAILED' : error.code === 'CONFLICT' ? 'RUN_STATE_CONFLICT' : 'NOT_FOUND';
      throw new ApiException(status, code, capitalize(error.message));
    }
  }

  private async actionResponse(runId: string, gateId?: string): Promise<RunActionResponseDto> {
    const run = await this.runRow(runId);
    if (!gateId) return { run: toAdminRun(run) };
    const spec = await this.workflows.specRow(run.spec_id);
    const { rows } = await this.pg.query(`SELECT ${ATTEMPT_VIEW_COLUMNS} FROM gate_executions WHERE run_id = $1 AND gate_id = $2 ORDER BY attempt_number`, [runId, gateId]);
    const workflow = spec!.definition as Workflow;
    const stage = (workflow.gates ?? []).filter((gate) => gate.gate === gateId);
    return { run: toAdminRun(run), gate: gateViews(stage, rows, workflow.qa_config?.max_attempts ?? this.engine.deps.settings.defaultMaxAttempts)[0] };
  }

  private async runRow(runId: string): Promise<Row> {
    const { rows } = await this.pg.query(
      `SELECT ${ADMIN_RUN_COLUMNS}, r.integrity_sweep FROM runs r JOIN workflow_templates t ON t.id = r.template_id JOIN users u ON u.id = r.user_id WHERE r.id = $1`,
      [runId],
    );
    if (rows.length === 0) throw notFound(`Run ${runId}`);
    return rows[0];
  }

  private async assertActiveModel(modelId: string): Promise<void> {
    const { rows } = await this.pg.query<{ active: boolean }>('SELECT active FROM models WHERE id = $1', [modelId]);
    if (rows.length === 0 || !rows[0].active) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: 'model_id', message: `${modelId} is not an active model` }]);
    }
  }
}

function actorOf(user: AuthenticatedUser): Actor {
  return { id: user.id, display: user.email };
}

function capitalize(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export function toAdminRun(row: Row): AdminRunDto {
  return { ...toRunDto(row), user: { id: row.user_id, email: row.user_email, display_name: row.user_display_name ?? null }, draft: row.draft === true };
}

function toAttempt(row: Row): GateAttemptDto {
  return {
    id: row.id,
    gate_id: row.gate_id,
    gate_name: row.gate_name,
    phase: row.phase,
    gate_order: row.gate_order,
    attempt_number: row.attempt_number,
    max_attempts: row.max_attempts,
    status: row.status,
    trigger: row.trigger,
    agent_slug: row.agent_slug,
    model_id: row.model_id,
    model_provider: row.model_provider,
    model_override: row.model_override,
    escalation: row.escalation,
    fail_codes: row.fail_codes ?? [],
    infrastructure: isInfrastructureFailure({ status: row.status, failCodes: row.fail_codes ?? [] }),
    status_reason: row.status_reason,
    overridden_by: row.overridden_by,
    tokens_in: row.tokens_in,
    tokens_out: row.tokens_out,
    cost_usd: money(row.cost_usd) ?? '0.00',
    duration_ms: row.duration_ms,
    simulated: row.simulated,
    validation_summary: row.validation_summary ?? null,
    prompt_packet: row.prompt_packet ?? null,
    raw_output: row.raw_output ?? null,
    validation_results: row.validation_results ?? null,
    routing: row.routing ?? null,
    worker_id: row.worker_id ?? null,
    created_at: iso(row.created_at),
    started_at: isoOrNull(row.started_at),
    completed_at: isoOrNull(row.completed_at),
  };
}

function toArtifactDto(row: Row): ArtifactDto {
  return {
    id: row.id,
    run_id: row.run_id,
    gate_id: row.gate_id ?? null,
    gate_execution_id: row.gate_execution_id ?? null,
    attempt_number: row.attempt_number ?? null,
    file_name: row.file_name,
    file_path: row.file_path,
    content_type: row.content_type,
    content_hash: row.content_hash,
    size_bytes: row.size_bytes,
    version: row.version,
    created_at: iso(row.created_at),
  };
}

function toAction(row: Row): OperatorActionDto {
  return {
    id: row.id,
    action: row.action,
    gate_id: row.gate_id,
    gate_execution_id: row.gate_execution_id,
    user_id: row.user_id,
    user_email: row.user_email ?? null,
    reason: row.reason,
    details: row.details ?? {},
    created_at: iso(row.created_at),
  };
}

/** Cost per gate and per model, summed exactly over every attempt. */
export function costBreakdown(attempts: Row[]): CostBreakdownDto {
  const byGate = new Map<string, { gate_id: string; gate_name: string; attempts: number; tokens_in: number; tokens_out: number; cost: bigint }>();
  const byModel = new Map<string, { model_id: string | null; model_provider: string | null; attempts: number; tokens_in: number; tokens_out: number; cost: bigint }>();
  let total = 0n;
  for (const attempt of attempts) {
    const cost = parseUsd(attempt.cost_usd ?? '0');
    total += cost;
    const gate = byGate.get(attempt.gate_id) ?? { gate_id: attempt.gate_id, gate_name: attempt.gate_name, attempts: 0, tokens_in: 0, tokens_out: 0, cost: 0n };
    gate.attempts++;
    gate.tokens_in += attempt.tokens_in;
    gate.tokens_out += attempt.tokens_out;
    gate.cost += cost;
    byGate.set(attempt.gate_id, gate);
    if (attempt.model_id === null && attempt.tokens_in === 0 && attempt.tokens_out === 0) continue; // never reached a model
    const key = `${attempt.model_id}|${attempt.model_provider}`;
    const model = byModel.get(key) ?? { model_id: attempt.model_id, model_provider: attempt.model_provider, attempts: 0, tokens_in: 0, tokens_out: 0, cost: 0n };
    model.attempts++;
    model.tokens_in += attempt.tokens_in;
    model.tokens_out += attempt.tokens_out;
    model.cost += cost;
    byModel.set(key, model);
  }
  const out = <T extends { cost: bigint }>(entry: T) => {
    const { cost, ...rest } = entry;
    return { ...rest, cost_usd: formatUsd(cost) };
  };
  return { total_usd: formatUsd(total), by_gate: [...byGate.values()].map(out), by_model: [...byModel.values()].map(out) };
}
