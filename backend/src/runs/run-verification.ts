import type { Pg } from '../database/pg';
import type { RunGateDto, RunVerificationDto } from './dto/run.dto';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * How a gate's status came about, in words a user can tell apart: a gate approved by an operator is not a gate that
 * passed, and a gate an operator skipped is not one the intent made unnecessary.
 */
export type GateDecision = 'passed' | 'approved_by_operator' | 'skipped_by_condition' | 'skipped_by_operator' | 'skipped' | 'failed' | 'pending' | 'running';

export function decisionOf(latest: Row | undefined): GateDecision {
  if (!latest) return 'pending';
  const status = latest.status as string;
  if (status === 'passed' || status === 'warning') return latest.overridden_by ? 'approved_by_operator' : 'passed';
  if (status === 'skipped') {
    if (latest.overridden_by) return 'skipped_by_operator';
    return latest.trigger === 'condition' ? 'skipped_by_condition' : 'skipped';
  }
  return status === 'failed' || status === 'running' ? status : 'pending';
}

/** Display names of the operators who decided these attempts (never their ids; "an operator" without a name). */
export async function deciderNames(pg: Pick<Pg, 'query'>, attempts: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(attempts.map((attempt) => attempt.overridden_by).filter((id): id is string => typeof id === 'string' && id.length > 0))];
  const names = new Map<string, string>();
  if (!ids.length) return names;
  // overridden_by may be an API key id or "cli" rather than a user: only uuids can name a user.
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length) {
    const { rows } = await pg.query('SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])', [uuids]);
    for (const row of rows) if (row.display_name) names.set(row.id, row.display_name);
  }
  for (const id of ids) if (!names.has(id)) names.set(id, 'an operator');
  return names;
}

/**
 * The reason each operator gave for the latest approve/skip of each gate, as recorded with the action (the attempt's
 * status_reason also names the operator's account, which users must not see).
 */
export async function overrideReasons(pg: Pick<Pg, 'query'>, runId: string): Promise<Map<string, string>> {
  const { rows } = await pg.query(
    `SELECT gate_id, reason FROM operator_actions WHERE run_id = $1 AND action IN ('approve', 'skip') AND gate_id IS NOT NULL ORDER BY created_at, id`,
    [runId],
  );
  return new Map(rows.filter((row: Row) => row.reason).map((row: Row) => [row.gate_id as string, row.reason as string]));
}

/**
 * verified: the run completed and every gate passed on its own (or was skipped by its condition);
 * verified_with_overrides: it completed, and an operator approved or skipped some gate;
 * not_verified: it has not completed (running, paused, failed, cancelled).
 */
export function verificationOf(runStatus: string, gates: RunGateDto[], reasons: Map<string, string> = new Map()): RunVerificationDto {
  const overrides = gates
    .filter((gate) => gate.decision === 'approved_by_operator' || gate.decision === 'skipped_by_operator')
    .map((gate) => ({
      gate_id: gate.gate_id,
      gate_name: gate.gate_name,
      action: gate.decision as 'approved_by_operator' | 'skipped_by_operator',
      reason: reasons.get(gate.gate_id) ?? null,
      decided_by: gate.decided_by ?? 'an operator',
      decided_at: gate.completed_at,
    }));
  const outcome = runStatus !== 'completed' ? 'not_verified' : overrides.length ? 'verified_with_overrides' : 'verified';
  return { outcome, overrides };
}
