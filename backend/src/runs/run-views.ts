import { formatUsd, isInfrastructureFailure, parseUsd } from '@esy/orchestration';
import { iso } from '../workflows/workflows-read.service';
import type { RunDto, RunGateDto } from './dto/run.dto';
import { decisionOf } from './run-verification';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Columns of `runs r` joined with `workflow_templates t` that a RunDto needs. */
export const RUN_VIEW_COLUMNS = `r.id, r.spec_id, r.template_id, r.project_slug, r.display_name, r.status, r.mode, r.depth, r.intent,
  r.current_gate, r.pause_reason, r.error_message, r.total_gates, r.passed_gates, r.failed_gates, r.skipped_gates, r.tokens_in,
  r.tokens_out, r.total_cost_usd, r.simulated_cost_usd, r.budget_usd, r.simulated, r.started_at, r.completed_at, r.created_at, r.updated_at,
  t.slug AS template_slug, t.name AS template_name, t.type AS template_type`;

/** gate_executions columns for gate views: never the large bodies. */
export const ATTEMPT_VIEW_COLUMNS = `id, gate_id, gate_name, phase, gate_order, attempt_number, max_attempts, status, fail_codes,
  status_reason, validation_summary, simulated, started_at, completed_at, duration_ms, agent_slug, model_id, model_provider,
  model_override, "trigger", escalation, tokens_in, tokens_out, cost_usd, overridden_by, created_at`;

export function money(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : formatUsd(parseUsd(value));
}

export function isoOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : iso(value);
}

export function toRunDto(row: Row): RunDto {
  const started = row.started_at ? new Date(row.started_at).getTime() : null;
  const ended = row.completed_at ? new Date(row.completed_at).getTime() : null;
  return {
    id: row.id,
    spec_id: row.spec_id,
    template_id: row.template_id,
    template: { id: row.template_id, slug: row.template_slug, name: row.template_name, type: row.template_type },
    project_slug: row.project_slug,
    display_name: row.display_name,
    status: row.status,
    mode: row.mode ?? null,
    depth: row.depth ?? null,
    intent: row.intent ?? {},
    current_gate: row.current_gate ?? null,
    pause_reason: row.pause_reason ?? null,
    error_message: row.error_message ?? (row.status === 'failed' ? (row.pause_reason ?? null) : null),
    total_gates: row.total_gates,
    passed_gates: row.passed_gates,
    failed_gates: row.failed_gates,
    skipped_gates: row.skipped_gates,
    tokens_in: row.tokens_in,
    tokens_out: row.tokens_out,
    total_cost_usd: money(row.total_cost_usd) ?? '0.00',
    real_cost_usd: formatUsd(parseUsd(row.total_cost_usd ?? '0') - parseUsd(row.simulated_cost_usd ?? '0')),
    simulated_cost_usd: money(row.simulated_cost_usd) ?? '0.00',
    budget_usd: money(row.budget_usd),
    simulated: row.simulated,
    started_at: isoOrNull(row.started_at),
    completed_at: isoOrNull(row.completed_at),
    duration_ms: started !== null && ended !== null && ended >= started ? ended - started : null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

interface StageLike {
  gate: string;
  name: string;
  phase: string;
  condition?: string;
  max_attempts?: number;
}

/**
 * One entry per gate of the spec, in order: the latest attempt of the gate, or a "pending" placeholder for gates not
 * reached yet. `attempts` rows must be ordered by gate order then attempt number.
 */
export function gateViews(stages: readonly StageLike[], attempts: Row[], defaultMaxAttempts: number, deciders: Map<string, string> = new Map()): RunGateDto[] {
  const byGate = new Map<string, Row[]>();
  for (const attempt of attempts) {
    const list = byGate.get(attempt.gate_id) ?? [];
    list.push(attempt);
    byGate.set(attempt.gate_id, list);
  }
  return stages.map((stage, index) => {
    const rows = byGate.get(stage.gate) ?? [];
    const latest = rows.reduce<Row | undefined>((best, row) => (!best || row.attempt_number > best.attempt_number ? row : best), undefined);
    const summary = latest?.validation_summary as Record<string, number> | null | undefined;
    return {
      gate_id: stage.gate,
      gate_name: latest?.gate_name ?? stage.name,
      phase: latest?.phase ?? stage.phase,
      gate_order: latest?.gate_order ?? index + 1,
      status: latest?.status ?? 'pending',
      attempt_id: latest?.id ?? null,
      attempt_number: latest?.attempt_number ?? 0,
      max_attempts: latest?.max_attempts ?? stage.max_attempts ?? defaultMaxAttempts,
      attempts: rows.length,
      infra_retries: rows.filter((row) => isInfrastructureFailure({ status: row.status, failCodes: row.fail_codes ?? [] })).length,
      fail_codes: latest?.fail_codes ?? [],
      status_reason: latest?.status_reason ?? null,
      validation_summary: summary ? { total: summary.total ?? 0, passed: summary.passed ?? 0, failed: summary.failed ?? 0, warnings: summary.warnings ?? 0 } : null,
      simulated: latest?.simulated ?? false,
      started_at: isoOrNull(latest?.started_at),
      completed_at: isoOrNull(latest?.completed_at),
      duration_ms: latest?.duration_ms ?? null,
      conditional: typeof stage.condition === 'string' && stage.condition.trim() !== '',
      decision: decisionOf(latest),
      decided_by: latest?.overridden_by ? (deciders.get(latest.overridden_by) ?? 'an operator') : null,
    };
  });
}
