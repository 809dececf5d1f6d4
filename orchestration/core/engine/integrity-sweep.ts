/**
 * The final integrity sweep (SPEC section 6): before a run completes, every gate that passed on its own has its
 * contract re-checked against the final workspace — pure validation, no network, no pre-scripts. A check that
 * passed at its gate and fails now is a regression: some later stage undid what the gate proved. The sweep names
 * the gate, the file and the attempt (gate, version) that changed the file last.
 */
import { contractForGate, type OrchestrationCatalog } from '../content/loader';
import type { CheckResult } from '../validation/types';
import { validateContract } from '../validation/validate-contract';
import type { GateAttempt, RunSnapshot } from './ports';
import type { Workspace } from './workspace/workspace';

export interface SweepRegression {
  gate_id: string;
  gate_name: string;
  check: string;
  file: string;
  /** Why the check fails now. */
  detail: string;
  /** The attempt that wrote the file last, when known. */
  last_changed_by: { gate_id: string; attempt_number: number } | null;
}

export interface IntegritySweep {
  checked_at: string;
  outcome: 'intact' | 'regressed';
  /** Every gate re-checked: the attempt whose result is re-checked and how many of its checks still pass. */
  gates: Array<{ gate_id: string; attempt_number: number; checks: number; still_passing: number }>;
  regressions: SweepRegression[];
}

/** Runs the sweep for a run: attempts are full rows (validation results and raw output with `writes`). */
export type IntegritySweeper = (input: { run: RunSnapshot; attempts: GateAttempt[]; workspace: Workspace; now: Date }) => Promise<IntegritySweep>;

type Row = Pick<CheckResult, 'type' | 'target' | 'passed' | 'severity' | 'detail' | 'skipped' | 'description'>;

const rowKey = (row: Row) => `${row.type}|${row.target}|${row.description ?? ''}`;

export function createIntegritySweeper(options: { catalog: Pick<OrchestrationCatalog, 'contracts'> }): IntegritySweeper {
  return async ({ run, attempts, workspace, now }) => {
    const latest = new Map<string, GateAttempt>();
    for (const attempt of attempts) {
      const seen = latest.get(attempt.gateId);
      if (!seen || attempt.attemptNumber > seen.attemptNumber) latest.set(attempt.gateId, attempt);
    }
    const lastWriter = lastWriters(attempts);
    const gates: IntegritySweep['gates'] = [];
    const regressions: SweepRegression[] = [];
    for (const gate of run.workflow.gates) {
      const attempt = latest.get(gate.gate);
      // Only gates that passed on their own: an approved or skipped gate proved nothing to keep.
      if (!attempt || (attempt.status !== 'passed' && attempt.status !== 'warning') || attempt.overriddenBy) continue;
      const contract = contractForGate(options.catalog, gate);
      if (!contract) continue;
      const before = new Map<string, Row>();
      for (const row of rowsOf(attempt.validationResults)) before.set(rowKey(row), row);
      const result = await validateContract(contract, workspace, { depth: run.depth, slug: run.slug, artifactPath: '', network: false });
      let stillPassing = 0;
      for (const row of result.results) {
        if (row.passed) {
          stillPassing++;
          continue;
        }
        const earlier = before.get(rowKey(row));
        if (row.severity !== 'error' || !earlier || !earlier.passed || earlier.skipped) continue;
        const writer = lastWriter.get(row.target);
        regressions.push({
          gate_id: gate.gate,
          gate_name: gate.name,
          check: row.type,
          file: row.target,
          detail: row.detail,
          last_changed_by: writer ?? null,
        });
      }
      gates.push({ gate_id: gate.gate, attempt_number: attempt.attemptNumber, checks: result.results.length, still_passing: stillPassing });
    }
    return { checked_at: now.toISOString(), outcome: regressions.length ? 'regressed' : 'intact', gates, regressions };
  };
}

/** The pause reason for a regressed sweep: the first regression in full, then how many more. */
export function regressionReason(sweep: IntegritySweep): string {
  const [first] = sweep.regressions;
  const by = first.last_changed_by ? `; last changed by ${first.last_changed_by.gate_id} (attempt ${first.last_changed_by.attempt_number})` : '';
  const more = sweep.regressions.length > 1 ? ` (+${sweep.regressions.length - 1} more regressed check${sweep.regressions.length > 2 ? 's' : ''})` : '';
  return `REGRESSED_AFTER_PASS: ${first.gate_id} ${first.gate_name} passed, but its ${first.check} check on ${first.file} fails in the final workspace (${first.detail})${by}${more}`;
}

function rowsOf(results: unknown): Row[] {
  const rows = (results as { results?: unknown })?.results;
  return Array.isArray(rows) ? (rows.filter((row) => row && typeof row === 'object') as Row[]) : [];
}

/** path → the attempt that wrote it last (by completion time, then attempt order). */
function lastWriters(attempts: GateAttempt[]): Map<string, { gate_id: string; attempt_number: number }> {
  const ordered = attempts
    .map((attempt, index) => ({ attempt, index }))
    .filter(({ attempt }) => attempt.completedAt)
    .sort((a, b) => a.attempt.completedAt!.getTime() - b.attempt.completedAt!.getTime() || a.index - b.index);
  const writers = new Map<string, { gate_id: string; attempt_number: number }>();
  for (const { attempt } of ordered) {
    const writes = (attempt.rawOutput as { writes?: Array<{ path?: unknown }> } | null)?.writes;
    if (!Array.isArray(writes)) continue;
    for (const write of writes) if (typeof write?.path === 'string') writers.set(write.path, { gate_id: attempt.gateId, attempt_number: attempt.attemptNumber });
  }
  return writers;
}
