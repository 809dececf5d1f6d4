import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException, notFound } from '../common/errors/api.exception';
import { cursorPage } from '../common/pagination/cursor';
import { createdAtKey, cursorTimestamp, newestFirstAfter } from '../common/pagination/created-at-keyset';
import { PG, type Pg } from '../database/pg';
import type { CreateExperimentDto, ExperimentDetailDto, ExperimentOutputsDto, ExperimentDto, ExperimentListDto, ExperimentResultDto, ListExperimentsQueryDto } from './dto/experiment.dto';
import { ExperimentOutputsRepository } from './experiment-outputs.repository';
import { summarizeExperiment } from './experiment-summary';
import { EXPERIMENTS_QUEUE, experimentJobId, type ExperimentJob } from './experiments-queue';
import { rubricPassed, type RubricScores } from './rubric';

const EXPERIMENT_COLUMNS = `e.id, e.name, e.status, e.spec_id, e.gate_id, e.source_run_id, e.model_ids, e.baseline_model_id, e.repeat_count,
  e.judge_model_id, e.summary, e.created_by_id, e.created_at, e.started_at, e.completed_at, s.version AS spec_version,
  t.slug AS template_slug, s.definition -> 'gates' AS gates,
  (SELECT count(*)::int FROM experiment_results r WHERE r.experiment_id = e.id) AS total,
  (SELECT count(*)::int FROM experiment_results r WHERE r.experiment_id = e.id AND r.status NOT IN ('pending', 'running')) AS done`;
const EXPERIMENT_FROM = 'experiments e JOIN specs s ON s.id = e.spec_id LEFT JOIN workflow_templates t ON t.id = s.template_id';

/** A row of EXPERIMENT_COLUMNS. */
interface ExperimentRow {
  id: string;
  name: string;
  status: string;
  spec_id: string;
  gate_id: string;
  source_run_id: string | null;
  model_ids: string[];
  baseline_model_id: string | null;
  repeat_count: number;
  judge_model_id: string | null;
  summary: { error?: string | null } | null;
  created_by_id: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  spec_version: string | null;
  template_slug: string | null;
  gates: unknown;
  total: number;
  done: number;
}

/** A row of the detail's result query (attempt_record fields picked out in SQL, never the whole record). */
interface ResultRow {
  id: string;
  model_id: string;
  repeat_index: number;
  status: string;
  passed: boolean | null;
  fail_codes: string[];
  validation_results: Record<string, unknown> | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string;
  duration_ms: number | null;
  rubric_scores: RubricScores | null;
  rubric_mean: string | null;
  judge_model_id: string | null;
  error_message: string | null;
  completed_at: Date | null;
  served_model_id: unknown;
  simulated: unknown;
  rubric_rationale: unknown;
  files: ExperimentResultDto['files'] | null;
}

const invalid = (field: string, message: string) => new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field, message }]);

/** Creating, listing, reading and cancelling experiments; the work itself happens in a worker (ExperimentRunner). */
@Injectable()
export class ExperimentsService {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    @InjectQueue(EXPERIMENTS_QUEUE) private readonly queue: Queue<ExperimentJob>,
    private readonly outputsRepository: ExperimentOutputsRepository,
  ) {}

  /** What each side wrote at the gate, for side-by-side comparison: the baseline attempt first, then every finished candidate. */
  async outputs(id: string): Promise<ExperimentOutputsDto> {
    const experiment = await this.outputsRepository.experiment(id);
    if (!experiment) throw notFound('Experiment');
    const [baseline, candidates] = await Promise.all([
      experiment.source_run_id ? this.outputsRepository.baseline(experiment.source_run_id, experiment.gate_id) : null,
      this.outputsRepository.candidates(id),
    ]);
    // Candidates in the order the experiment lists its models, like the detail's results.
    const order = new Map(experiment.model_ids.map((model, index) => [model, index]));
    candidates.sort((a, b) => (order.get(a.model_id) ?? 0) - (order.get(b.model_id) ?? 0) || a.repeat_index - b.repeat_index);
    const sides: ExperimentOutputsDto['sides'] = [];
    if (baseline) {
      sides.push({
        key: 'baseline',
        label: `Baseline · ${baseline.model_id ?? 'no model'}`,
        model_id: baseline.model_id,
        repeat_index: null,
        baseline: true,
        simulated: baseline.simulated,
        status: baseline.status,
        files: baseline.files,
      });
    }
    for (const candidate of candidates) {
      sides.push({
        key: candidate.id,
        label: `${candidate.model_id} #${candidate.repeat_index}`,
        model_id: candidate.model_id,
        repeat_index: candidate.repeat_index,
        baseline: false,
        simulated: candidate.simulated,
        status: candidate.status,
        files: candidate.files,
      });
    }
    return { gate_id: experiment.gate_id, sides };
  }

  async create(body: CreateExperimentDto, user: AuthenticatedUser): Promise<ExperimentDetailDto> {
    const { gates, templateName } = await this.specOf(body.spec_id);
    const gate = gates.find((g) => g.gate === body.gate_id);
    if (!gate) throw invalid('gate_id', `gate_id must be a gate of the spec (${gates.map((g) => g.gate).join(', ')})`);
    const baselineModel = await this.checkSourceRun(body.source_run_id, body.spec_id, body.gate_id);
    await this.checkModels(body.model_ids, body.judge_model_id);

    // A default title people read: "Research Brief · G2 Research Complete: gpt-4o vs claude-sonnet-4".
    const name = body.name?.trim() || `${templateName ?? 'Spec'} · ${body.gate_id} ${gate.name}: ${body.model_ids.join(' vs ')}`;
    const id = await this.pg.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO experiments (name, spec_id, gate_id, source_run_id, model_ids, baseline_model_id, repeat_count, judge_model_id, status, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) RETURNING id`,
        [name, body.spec_id, body.gate_id, body.source_run_id, body.model_ids, baselineModel, body.repeat, body.judge_model_id ?? null, user.id],
      );
      const experimentId = rows[0].id;
      await tx.query(
        `INSERT INTO experiment_results (experiment_id, model_id, repeat_index)
         SELECT $1, m.model_id, r FROM unnest($2::text[]) AS m(model_id), generate_series(1, $3::int) AS r`,
        [experimentId, body.model_ids, body.repeat],
      );
      return experimentId;
    });
    // The row is committed before the job exists, so a worker always finds it.
    await this.queue.add({ experimentId: id }, { jobId: experimentJobId(id), attempts: 1, removeOnComplete: true, removeOnFail: true });
    return this.detail(id);
  }

  async list(query: ListExperimentsQueryDto): Promise<ExperimentListDto> {
    const values: unknown[] = [];
    const where = query.status ? (values.push(query.status), `WHERE e.status = $${values.length}`) : '';
    const { rows: counted } = await this.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM experiments e ${where}`, values);
    const limit = query.limit ?? 20;
    const after = query.cursor ? newestFirstAfter('e', query.cursor, values) : null;
    const pageWhere = after ? (where ? `${where} AND ${after}` : `WHERE ${after}`) : where;
    values.push(limit + 1, query.offset ?? 0);
    const { rows } = await this.pg.query<ExperimentRow & { cursor_created_at: string }>(
      `SELECT ${EXPERIMENT_COLUMNS}, ${cursorTimestamp('e')} FROM ${EXPERIMENT_FROM} ${pageWhere}
       ORDER BY e.created_at DESC, e.id DESC LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    );
    const page = cursorPage(rows, limit, createdAtKey);
    return { experiments: page.items.map(toExperimentDto), total: counted[0].n, next_cursor: page.next_cursor, has_more: page.has_more };
  }

  async detail(id: string): Promise<ExperimentDetailDto> {
    const { rows } = await this.pg.query<ExperimentRow>(`SELECT ${EXPERIMENT_COLUMNS} FROM ${EXPERIMENT_FROM} WHERE e.id = $1`, [id]);
    if (rows.length === 0) throw notFound('Experiment');
    const { rows: results } = await this.pg.query<ResultRow>(
      `SELECT id, model_id, repeat_index, status, passed, fail_codes, validation_results, tokens_in, tokens_out, cost_usd::text AS cost_usd,
              duration_ms, rubric_scores, rubric_mean::text AS rubric_mean, judge_model_id, error_message, completed_at,
              attempt_record -> 'served_model_id' AS served_model_id, attempt_record -> 'simulated' AS simulated,
              attempt_record -> 'judge' -> 'rationale' AS rubric_rationale,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('path', f ->> 'path', 'sha256', f ->> 'sha256', 'size_bytes', (f ->> 'size_bytes')::int)), '[]')
                 FROM jsonb_array_elements(coalesce(attempt_record -> 'files', '[]')) f) AS files
         FROM experiment_results WHERE experiment_id = $1 ORDER BY model_id, repeat_index`,
      [id],
    );
    const experiment = toExperimentDto(rows[0]);
    const order = new Map(experiment.model_ids.map((model, index) => [model, index]));
    results.sort((a, b) => (order.get(a.model_id) ?? 0) - (order.get(b.model_id) ?? 0) || a.repeat_index - b.repeat_index);
    return { experiment, summary: await summarizeExperiment(this.pg, id), results: results.map(toResultDto) };
  }

  async cancel(id: string): Promise<ExperimentDetailDto> {
    const { rows } = await this.pg.query<{ status: string }>('SELECT status FROM experiments WHERE id = $1', [id]);
    if (rows.length === 0) throw notFound('Experiment');
    const { rowCount } = await this.pg.query(
      `UPDATE experiments SET status = 'cancelled', completed_at = now(), updated_at = now() WHERE id = $1 AND status IN ('pending', 'running')`,
      [id],
    );
    if (rowCount === 0) throw new ApiException(409, 'EXPERIMENT_FINISHED', `The experiment is already ${rows[0].status}.`);
    // A candidate already running stops at its next tool round (the runner sees the status) and records itself.
    await this.pg.query(
      `UPDATE experiment_results SET status = 'error', error_message = 'cancelled before it ran', completed_at = now()
        WHERE experiment_id = $1 AND status = 'pending'`,
      [id],
    );
    await this.pg.query('UPDATE experiments SET summary = $2 WHERE id = $1', [id, JSON.stringify(await summarizeExperiment(this.pg, id))]);
    return this.detail(id);
  }

  private async specOf(specId: string): Promise<{ gates: Array<{ gate: string; name: string }>; templateName: string | null }> {
    const { rows } = await this.pg.query<{ gates: unknown; name: string | null }>(
      `SELECT s.definition -> 'gates' AS gates, t.name FROM specs s LEFT JOIN workflow_templates t ON t.id = s.template_id WHERE s.id = $1`,
      [specId],
    );
    if (rows.length === 0) throw invalid('spec_id', 'spec_id must name an existing spec');
    const gates = Array.isArray(rows[0].gates) ? (rows[0].gates as Array<{ gate: string; name: string }>) : [];
    return { gates, templateName: rows[0].name };
  }

  /** The source run must be a completed run of the same spec; returns the model of its first attempt at the gate. */
  private async checkSourceRun(runId: string, specId: string, gateId: string): Promise<string | null> {
    const { rows } = await this.pg.query<{ spec_id: string; status: string }>('SELECT spec_id, status FROM runs WHERE id = $1', [runId]);
    if (rows.length === 0) throw invalid('source_run_id', 'source_run_id must name an existing run');
    if (rows[0].spec_id !== specId) throw invalid('source_run_id', 'source_run_id must be a run of spec_id');
    if (rows[0].status !== 'completed') throw invalid('source_run_id', `source_run_id must be a completed run (it is ${rows[0].status})`);
    const { rows: attempts } = await this.pg.query<{ model_id: string | null }>(
      'SELECT model_id FROM gate_executions WHERE run_id = $1 AND gate_id = $2 ORDER BY attempt_number LIMIT 1',
      [runId, gateId],
    );
    return attempts[0]?.model_id ?? null;
  }

  private async checkModels(modelIds: string[], judgeModelId: string | undefined): Promise<void> {
    const wanted = judgeModelId ? [...modelIds, judgeModelId] : modelIds;
    const { rows } = await this.pg.query<{ id: string }>('SELECT id FROM models WHERE id = ANY($1::text[]) AND active', [wanted]);
    const usable = new Set(rows.map((row) => row.id));
    const details = modelIds
      .map((model, index) => (usable.has(model) ? null : { field: `model_ids[${index}]`, message: `${model} is not an active model` }))
      .filter((detail): detail is { field: string; message: string } => detail !== null);
    if (judgeModelId && modelIds.includes(judgeModelId)) {
      details.push({ field: 'judge_model_id', message: 'judge_model_id must differ from every model it judges (model_ids)' });
    } else if (judgeModelId && !usable.has(judgeModelId)) {
      details.push({ field: 'judge_model_id', message: `${judgeModelId} is not an active model` });
    }
    if (details.length > 0) throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', details);
  }
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function toExperimentDto(row: ExperimentRow): ExperimentDto {
  const gates = Array.isArray(row.gates) ? (row.gates as Array<{ gate: string; name: string }>) : [];
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    spec_id: row.spec_id,
    template_slug: row.template_slug ?? null,
    spec_version: row.spec_version ?? null,
    gate_id: row.gate_id,
    gate_name: gates.find((gate) => gate.gate === row.gate_id)?.name ?? null,
    source_run_id: row.source_run_id,
    model_ids: row.model_ids,
    baseline_model_id: row.baseline_model_id,
    repeat: row.repeat_count,
    judge_model_id: row.judge_model_id,
    progress: { total: row.total, done: row.done },
    error: row.summary?.error ?? null,
    created_by_id: row.created_by_id,
    created_at: iso(row.created_at)!,
    started_at: iso(row.started_at),
    completed_at: iso(row.completed_at),
  };
}

function toResultDto(row: ResultRow): ExperimentResultDto {
  const scores = row.rubric_scores;
  return {
    id: row.id,
    model_id: row.model_id,
    repeat_index: row.repeat_index,
    status: row.status,
    passed: row.passed,
    fail_codes: row.fail_codes,
    validation_results: row.validation_results,
    tokens_in: row.tokens_in,
    tokens_out: row.tokens_out,
    cost_usd: row.cost_usd,
    duration_ms: row.duration_ms,
    rubric_scores: scores,
    rubric_mean: row.rubric_mean === null ? null : Number(row.rubric_mean),
    rubric_passed: scores ? rubricPassed(scores) : null,
    rubric_rationale: typeof row.rubric_rationale === 'string' ? row.rubric_rationale : null,
    judge_model_id: row.judge_model_id,
    served_model_id: typeof row.served_model_id === 'string' ? row.served_model_id : null,
    simulated: row.simulated === true,
    files: row.files ?? [],
    error_message: row.error_message,
    completed_at: iso(row.completed_at),
  };
}
