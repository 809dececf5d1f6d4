import { formatUsd, parseUsd } from '@esy/orchestration';
import type { Pg } from '../database/pg';
import { RUBRIC_CRITERIA, rubricPassed, type RubricScores } from './rubric';

export interface ModelSummary {
  model_id: string;
  candidates: number;
  /** Candidates with an outcome (passed, warning, failed); pending, running and errored ones are not counted. */
  finished: number;
  passed: number;
  /** passed / finished (warning counts as passed), null before any finished. */
  pass_rate: number | null;
  scored: number;
  rubric_passed: number;
  rubric_pass_rate: number | null;
  mean_score: number | null;
  mean_cost_usd: string | null;
  mean_latency_ms: number | null;
  mean_tokens_in: number | null;
  mean_tokens_out: number | null;
  /** Candidates answered by the simulator (their figures are not a real model's). */
  simulated: number;
}

export interface BaselineSummary {
  /** The source run's attempt was answered by the simulator. */
  simulated: boolean;
  model_id: string | null;
  status: string;
  passed: boolean;
  attempt_number: number;
  /** How many attempts the source run needed at this gate. */
  attempts: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string;
  latency_ms: number | null;
  fail_codes: string[];
}

export interface ExperimentSummary {
  gate_id: string;
  models: ModelSummary[];
  baseline: BaselineSummary | null;
  total: number;
  done: number;
}

interface ResultRow {
  model_id: string;
  status: string;
  passed: boolean | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string;
  duration_ms: number | null;
  rubric_scores: RubricScores | null;
  rubric_mean: string | null;
  simulated: boolean;
}

const OUTCOMES = new Set(['passed', 'warning', 'failed']);

/** The matrix row per model (in the order the experiment lists them) and the source run's original attempt. */
export async function summarizeExperiment(pg: Pg, experimentId: string): Promise<ExperimentSummary> {
  const { rows: experiments } = await pg.query<{ gate_id: string; model_ids: string[]; source_run_id: string | null }>(
    'SELECT gate_id, model_ids, source_run_id FROM experiments WHERE id = $1',
    [experimentId],
  );
  const experiment = experiments[0];
  const { rows } = await pg.query<ResultRow>(
    `SELECT model_id, status, passed, tokens_in, tokens_out, cost_usd::text AS cost_usd, duration_ms, rubric_scores, rubric_mean::text AS rubric_mean,
         coalesce((attempt_record ->> 'simulated')::boolean, false) AS simulated
       FROM experiment_results WHERE experiment_id = $1`,
    [experimentId],
  );
  const models = experiment.model_ids.map((modelId) => summarizeModel(modelId, rows.filter((row) => row.model_id === modelId)));
  const baseline = experiment.source_run_id ? await baselineOf(pg, experiment.source_run_id, experiment.gate_id) : null;
  return { gate_id: experiment.gate_id, models, baseline, total: rows.length, done: rows.filter((row) => row.status !== 'pending' && row.status !== 'running').length };
}

function summarizeModel(modelId: string, rows: ResultRow[]): ModelSummary {
  const finished = rows.filter((row) => OUTCOMES.has(row.status));
  const scored = finished.filter((row) => row.rubric_scores && hasAllScores(row.rubric_scores));
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const round = (value: number | null, digits = 2) => (value === null ? null : Number(value.toFixed(digits)));
  const passed = finished.filter((row) => row.passed === true).length;
  const rubricPassedCount = scored.filter((row) => rubricPassed(row.rubric_scores!)).length;
  return {
    model_id: modelId,
    candidates: rows.length,
    finished: finished.length,
    passed,
    pass_rate: finished.length === 0 ? null : round(passed / finished.length, 4),
    scored: scored.length,
    rubric_passed: rubricPassedCount,
    rubric_pass_rate: scored.length === 0 ? null : round(rubricPassedCount / scored.length, 4),
    mean_score: round(mean(scored.map((row) => Number(row.rubric_mean)))),
    // Exact: pico-dollars summed, then divided (truncated to the pico).
    mean_cost_usd: finished.length === 0 ? null : formatUsd(finished.reduce((sum, row) => sum + parseUsd(row.cost_usd), 0n) / BigInt(finished.length)),
    mean_latency_ms: round(mean(finished.filter((row) => row.duration_ms !== null).map((row) => row.duration_ms!)), 0),
    mean_tokens_in: round(mean(finished.map((row) => row.tokens_in)), 0),
    mean_tokens_out: round(mean(finished.map((row) => row.tokens_out)), 0),
    simulated: rows.filter((row) => row.simulated).length,
  };
}

function hasAllScores(scores: RubricScores): boolean {
  return RUBRIC_CRITERIA.every((criterion) => typeof scores[criterion] === 'number');
}

/** The source run's first attempt at the gate (what the candidates are compared with). */
async function baselineOf(pg: Pg, runId: string, gateId: string): Promise<BaselineSummary | null> {
  const { rows } = await pg.query<{
    model_id: string | null;
    status: string;
    attempt_number: number;
    attempts: number;
    tokens_in: number;
    tokens_out: number;
    cost_usd: string;
    duration_ms: number | null;
    fail_codes: string[];
    simulated: boolean;
  }>(
    `SELECT model_id, status, attempt_number, count(*) OVER ()::int AS attempts, tokens_in, tokens_out, cost_usd::text AS cost_usd, duration_ms, fail_codes, simulated
       FROM gate_executions WHERE run_id = $1 AND gate_id = $2 ORDER BY attempt_number LIMIT 1`,
    [runId, gateId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    simulated: row.simulated,
    model_id: row.model_id,
    status: row.status,
    passed: row.status === 'passed' || row.status === 'warning',
    attempt_number: row.attempt_number,
    attempts: row.attempts,
    tokens_in: row.tokens_in,
    tokens_out: row.tokens_out,
    cost_usd: formatUsd(parseUsd(row.cost_usd)),
    latency_ms: row.duration_ms,
    fail_codes: row.fail_codes,
  };
}
