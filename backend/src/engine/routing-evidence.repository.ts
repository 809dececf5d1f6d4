import {
  observationsFromAttempt,
  summariseAllEvidence,
  DEFAULT_EVIDENCE_OPTIONS,
  NOT_EVIDENCE_FAIL_CODES,
  type AgentRouting,
  type EvidenceSource,
  type GateModelEvidence,
  type RoutingObservation,
} from '@esy/orchestration';
import type { Pg } from '../database/pg';

interface AttemptTrialRow {
  gate_id: string;
  model_id: string | null;
  status: 'passed' | 'warning' | 'failed';
  fail_codes: string[];
  routing: AgentRouting[] | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string;
  duration_ms: number | null;
  simulated: boolean;
  completed_at: Date | null;
  created_at: Date;
}

interface ExperimentTrialRow {
  gate_id: string;
  model_id: string;
  passed: boolean;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string;
  duration_ms: number | null;
  simulated: boolean;
  completed_at: Date;
}

/** How long evidence read for routing decisions is reused (decisions need not see the very last attempt). */
const CACHE_MS = 5_000;

/**
 * Routing evidence from the database: first attempts of every gate × model (newest `maxTrials` each, through the
 * partial index `idx_gate_executions_routing_evidence`) plus finished experiment candidates, summarised by the
 * core (`summariseAllEvidence`: Beta posterior, recency weighting, real and simulated apart).
 */
export class RoutingEvidenceRepository implements EvidenceSource {
  private readonly cache = new Map<string, { at: number; evidence: Promise<GateModelEvidence[]> }>();

  constructor(
    private readonly pg: Pg,
    private readonly maxTrials = DEFAULT_EVIDENCE_OPTIONS.maxTrials,
  ) {}

  /** The auto router's question: one gate, one kind (cached briefly). */
  forGate(gateId: string, simulated: boolean): Promise<GateModelEvidence[]> {
    const key = `${gateId}|${simulated}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.evidence;
    const evidence = this.evidence([gateId]).then((all) => all.filter((e) => e.simulated === simulated));
    this.cache.set(key, { at: Date.now(), evidence });
    evidence.catch(() => this.cache.delete(key));
    return evidence;
  }

  /**
   * Evidence for every model at these gates, real and simulated; a model's trials from before a change seen across
   * all its gates (model-shift.ts) are left out.
   */
  async evidence(gateIds: readonly string[]): Promise<GateModelEvidence[]> {
    const trials = await this.trials(gateIds);
    const history = await this.modelHistory(trials);
    return summariseAllEvidence(trials, { maxTrials: this.maxTrials }, [...history, ...trials.filter((t) => t.source === 'experiment')]);
  }

  /** The newest first attempts of each model (and kind) seen in `trials`, at every gate: what a shift is found in. */
  private async modelHistory(trials: readonly RoutingObservation[]): Promise<RoutingObservation[]> {
    const keys = [...new Map(trials.filter((t) => t.source === 'attempt').map((t) => [`${t.modelId}|${t.simulated}`, t])).values()];
    if (keys.length === 0) return [];
    const rows = await this.pg.query<AttemptTrialRow>(
      {
        name: 'routing_evidence_model_history',
        text: `SELECT recent.*
                 FROM unnest($1::text[], $2::boolean[]) AS m(model_id, simulated)
                 CROSS JOIN LATERAL (
                   SELECT g.gate_id, g.model_id, g.status, g.fail_codes, g.routing, g.tokens_in, g.tokens_out, g.cost_usd, g.duration_ms, g.simulated, g.completed_at, g.created_at
                     FROM gate_executions g
                    WHERE g.model_id = m.model_id AND g.simulated = m.simulated AND g.attempt_number = 1
                      AND g.status IN ('passed', 'warning', 'failed') AND g.overridden_by IS NULL AND g.completed_at IS NOT NULL
                      AND NOT (g.fail_codes && $4::text[])
                    ORDER BY g.completed_at DESC
                    LIMIT $3) recent`,
      },
      [keys.map((t) => t.modelId), keys.map((t) => t.simulated), MODEL_HISTORY_TRIALS, NOT_EVIDENCE_FAIL_CODES],
    );
    return rows.rows.flatMap(observationsOf);
  }

  /** The trials behind the evidence: recorded first attempts and experiment candidates. */
  async trials(gateIds: readonly string[]): Promise<RoutingObservation[]> {
    if (gateIds.length === 0) return [];
    const [attempts, experiments] = await Promise.all([
      this.pg.query<AttemptTrialRow>(
        {
          name: 'routing_evidence_attempts',
          text: `SELECT gate_id, model_id, status, fail_codes, routing, tokens_in, tokens_out, cost_usd, duration_ms, simulated, completed_at, created_at
                   FROM (SELECT g.*, row_number() OVER (PARTITION BY g.gate_id, g.model_id, g.simulated ORDER BY g.completed_at DESC) AS age
                           FROM gate_executions g
                          WHERE g.gate_id = ANY($1::text[]) AND g.attempt_number = 1 AND g.status IN ('passed', 'warning', 'failed')
                            AND g.overridden_by IS NULL AND g.model_id IS NOT NULL AND NOT (g.fail_codes && $3::text[])) recent
                  WHERE age <= $2`,
        },
        [gateIds, this.maxTrials, NOT_EVIDENCE_FAIL_CODES],
      ),
      this.pg.query<ExperimentTrialRow>(
        {
          name: 'routing_evidence_experiments',
          text: `SELECT e.gate_id, r.model_id, r.passed, r.tokens_in, r.tokens_out, r.cost_usd, r.duration_ms,
                        coalesce((r.attempt_record->>'simulated')::boolean, false) AS simulated, r.completed_at
                   FROM experiment_results r JOIN experiments e ON e.id = r.experiment_id
                  WHERE e.gate_id = ANY($1::text[]) AND r.status IN ('passed', 'warning', 'failed') AND r.passed IS NOT NULL AND r.completed_at IS NOT NULL
                  ORDER BY r.completed_at DESC
                  LIMIT $2`,
        },
        [gateIds, this.maxTrials * 10],
      ),
    ]);
    const fromAttempts = attempts.rows.flatMap(observationsOf);
    const fromExperiments: RoutingObservation[] = experiments.rows.map((row) => ({
      gateId: row.gate_id,
      modelId: row.model_id,
      passed: row.passed,
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
      costUsd: Number(row.cost_usd),
      latencyMs: row.duration_ms ?? 0,
      simulated: row.simulated,
      source: 'experiment',
      at: row.completed_at,
    }));
    return [...fromAttempts, ...fromExperiments];
  }
}

/** A model's newest first attempts across gates read for shift detection (model-shift.ts tests the newest of them). */
const MODEL_HISTORY_TRIALS = 300;

function observationsOf(row: AttemptTrialRow): RoutingObservation[] {
  return observationsFromAttempt({
    gateId: row.gate_id,
    attemptNumber: 1,
    status: row.status,
    overriddenBy: null,
    failCodes: row.fail_codes,
    routing: row.routing,
    modelId: row.model_id,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    costUsd: row.cost_usd,
    durationMs: row.duration_ms,
    simulated: row.simulated,
    completedAt: row.completed_at,
    createdAt: row.created_at,
  });
}
