/**
 * The simulator as an LLM judge. An experiment asks a judge model to score a candidate's files on a rubric and
 * to answer in JSON; when the simulator serves that judge it cannot read prose, so the caller describes the
 * request in `ModelRequest.gateContext` (real providers ignore it) and the simulator answers with scores that
 * depend only on the seed: 3–5 for a candidate that passed its contract, 1–3 for one that failed.
 */
import { hashSeed } from './rng';

export interface SimulatorRubricContext {
  kind: 'rubric_judge';
  /** The criteria to score, e.g. completeness, accuracy … */
  criteria: string[];
  /** Identifies the judged candidate (the same seed always gets the same scores). */
  seed: string;
  /** Whether the candidate passed its contract validation. */
  candidatePassed: boolean;
}

export function isSimulatorRubricContext(value: unknown): value is SimulatorRubricContext {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return record.kind === 'rubric_judge' && Array.isArray(record.criteria) && typeof record.seed === 'string';
}

/** The JSON text a judge would answer: one integer score per criterion and a short rationale. */
export function simulatedRubricAnswer(context: SimulatorRubricContext): string {
  const floor = context.candidatePassed ? 3 : 1;
  const scores = Object.fromEntries(context.criteria.map((criterion) => [criterion, floor + (hashSeed(`${context.seed}|${criterion}`) % 3)]));
  const rationale = context.candidatePassed
    ? 'Simulated review: the required outputs are present and follow the contract.'
    : 'Simulated review: the work is incomplete against the contract.';
  return JSON.stringify({ ...scores, rationale });
}
