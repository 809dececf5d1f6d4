import { Injectable } from '@nestjs/common';
import {
  attemptJobId,
  formatUsd,
  parseUsd,
  type ArtifactRecord,
  type AttemptCompletion,
  type AttemptProgress,
  type AttemptRef,
  type AttemptStatus,
  type Depth,
  type GateAttempt,
  type GateAttemptSummary,
  type NewAttempt,
  type OperatorAction,
  type RunHostFields,
  type RunPatch,
  type RunSnapshot,
  type RunStatus,
  type RunStore,
  type WorkflowSnapshot,
} from '@esy/orchestration';
import { Pg, toJsonb } from '../database/pg';
import { PromptParts } from './prompt-parts';

/** Every gate_executions column except the large bodies (prompt_packet, raw_output, validation_results). */
const SUMMARY_COLUMNS = `id, run_id, gate_id, attempt_number, gate_name, phase, gate_order, max_attempts, status, "trigger",
  agent_slug, model_id, model_provider, model_override, escalation, fail_codes, tokens_in, tokens_out, cost_usd,
  duration_ms, simulated, routing, status_reason, overridden_by, worker_id, lease_expires_at, created_at, started_at,
  completed_at`;
const FULL_COLUMNS = `${SUMMARY_COLUMNS}, prompt_packet, raw_output, validation_results`;

const RUN_COLUMNS = `id, spec_id, status, intent, mode, depth, project_slug, budget_usd, model_override, current_gate,
  pause_reason, total_gates, passed_gates, failed_gates, skipped_gates, tokens_in, tokens_out, total_cost_usd, simulated_cost_usd, simulated,
  started_at, completed_at, integrity_sweep`;

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What this backend stores with a new run beyond the engine's snapshot (`createRun`'s host fields). */
export interface RunHostRow {
  specId: string;
  templateId: string;
  userId: string;
  displayName: string;
  /** A draft test run (template editor): hidden from users. */
  draft?: boolean;
  /** Every model call is served by the simulator, even for providers with credentials (a draft test's choice). */
  simulatorOnly?: boolean;
}

/** Runs per spec are pinned to an immutable spec version, so its workflow document is cached for good. */
const MAX_CACHED_SPECS = 500;

/**
 * The engine's RunStore on PostgreSQL. Every state change several processes could race on is one conditional
 * UPDATE (`… WHERE status = ANY(expected)`) whose affected-row count says who won; attempts are unique per
 * (run, gate, attempt_number) and inserted with ON CONFLICT DO NOTHING; an attempt's outcome and its artifacts are
 * written in one transaction. List reads never select the large bodies.
 */
@Injectable()
export class PgRunStore implements RunStore {
  private readonly workflows = new Map<string, WorkflowSnapshot>();

  constructor(
    private readonly pg: Pg,
    /** Prompt packets are stored content-addressed (their long texts once, in `prompt_parts`). */
    private readonly promptParts: PromptParts = new PromptParts(pg),
  ) {}

  /** `host`: `specId`, `templateId`, `userId` and `displayName` of the run (RunHostRow); the spec pins the workflow. */
  async createRun(run: RunSnapshot, host?: RunHostFields): Promise<void> {
    const fields = host as Partial<RunHostRow> | undefined;
    if (!fields?.specId || !fields.templateId || !fields.userId || !fields.displayName) {
      throw new Error(`run ${run.id} needs specId, templateId, userId and displayName to be stored`);
    }
    await this.pg.query(
      {
        name: 'store_create_run',
        text: `INSERT INTO runs (id, spec_id, template_id, user_id, intent, project_slug, display_name, status, mode, depth, total_gates,
                 budget_usd, model_override, draft, simulator_only)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      },
      [
        run.id,
        fields.specId,
        fields.templateId,
        fields.userId,
        toJsonb(run.intent),
        run.slug,
        fields.displayName,
        run.status,
        run.mode,
        run.depth,
        run.workflow.gates.length,
        run.budgetUsd,
        run.modelOverride,
        fields.draft === true,
        fields.simulatorOnly === true,
      ],
    );
  }

  async getRun(runId: string): Promise<RunSnapshot | null> {
    const { rows } = await this.pg.query({ name: 'store_get_run', text: `SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1` }, [runId]);
    if (rows.length === 0) return null;
    const row = rows[0];
    return toRunSnapshot(row, await this.workflowOf(row.spec_id));
  }

  async getRunStatus(runId: string): Promise<RunStatus | null> {
    const { rows } = await this.pg.query({ name: 'store_get_run_status', text: 'SELECT status FROM runs WHERE id = $1' }, [runId]);
    return (rows[0]?.status as RunStatus | undefined) ?? null;
  }

  async updateRun(runId: string, patch: RunPatch, expectStatus?: readonly RunStatus[]): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [runId];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.currentGate !== undefined) set('current_gate', patch.currentGate);
    if (patch.pauseReason !== undefined) set('pause_reason', patch.pauseReason);
    if (patch.simulated !== undefined) set('simulated', patch.simulated);
    if (patch.startedAt !== undefined) set('started_at', patch.startedAt);
    if (patch.completedAt !== undefined) set('completed_at', patch.completedAt);
    if (patch.budgetUsd !== undefined) set('budget_usd', patch.budgetUsd);
    if (patch.integritySweep !== undefined) set('integrity_sweep', patch.integritySweep === null ? null : JSON.stringify(patch.integritySweep));
    if (patch.totals) {
      set('total_gates', patch.totals.totalGates);
      set('passed_gates', patch.totals.passedGates);
      set('failed_gates', patch.totals.failedGates);
      set('skipped_gates', patch.totals.skippedGates);
      set('tokens_in', patch.totals.tokensIn);
      set('tokens_out', patch.totals.tokensOut);
      set('total_cost_usd', patch.totals.totalCostUsd);
      set('simulated_cost_usd', patch.totals.simulatedCostUsd ?? '0');
    }
    if (sets.length === 0) return (await this.getRunStatus(runId)) !== null;
    let where = 'id = $1';
    if (expectStatus) {
      values.push([...expectStatus]);
      where += ` AND status = ANY($${values.length}::text[])`;
    }
    const { rowCount } = await this.pg.query(`UPDATE runs SET ${sets.join(', ')}, updated_at = now() WHERE ${where}`, values);
    return rowCount > 0;
  }

  async listAttempts(runId: string): Promise<GateAttemptSummary[]> {
    const { rows } = await this.pg.query(
      { name: 'store_list_attempts', text: `SELECT ${SUMMARY_COLUMNS} FROM gate_executions WHERE run_id = $1 ORDER BY gate_order, attempt_number` },
      [runId],
    );
    return rows.map(toSummary);
  }

  async getAttempt(ref: AttemptRef): Promise<GateAttempt | null> {
    const { rows } = await this.pg.query(
      { name: 'store_get_attempt', text: `SELECT ${FULL_COLUMNS} FROM gate_executions WHERE run_id = $1 AND gate_id = $2 AND attempt_number = $3` },
      [ref.runId, ref.gateId, ref.attemptNumber],
    );
    if (rows.length === 0) return null;
    const attempt = toAttempt(rows[0]);
    [attempt.promptPacket] = await this.promptParts.expand([attempt.promptPacket]);
    return attempt;
  }

  async listAttemptOutcomes(runId: string): Promise<GateAttempt[]> {
    // Only `writes` of the raw output travels (the sweep's "last changed by"); rounds and prompt packets stay put.
    const { rows } = await this.pg.query(
      {
        name: 'store_list_attempt_outcomes',
        text: `SELECT ${SUMMARY_COLUMNS}, NULL AS prompt_packet, validation_results,
                 CASE WHEN raw_output ? 'writes' THEN jsonb_build_object('writes', raw_output->'writes') END AS raw_output
               FROM gate_executions WHERE run_id = $1 AND completed_at IS NOT NULL ORDER BY gate_order, attempt_number`,
      },
      [runId],
    );
    return rows.map(toAttempt);
  }

  async createAttempt(attempt: NewAttempt, at: Date): Promise<{ attempt: GateAttempt; created: boolean }> {
    const finished = attempt.status !== 'pending';
    const { rows } = await this.pg.query(
      {
        name: 'store_create_attempt',
        text: `INSERT INTO gate_executions (run_id, gate_id, attempt_number, gate_name, phase, gate_order, max_attempts, status,
                 "trigger", model_override, escalation, status_reason, overridden_by, fail_codes, job_id, duration_ms,
                 created_at, completed_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
               ON CONFLICT DO NOTHING
               RETURNING ${FULL_COLUMNS}`,
      },
      [
        attempt.runId,
        attempt.gateId,
        attempt.attemptNumber,
        attempt.gateName,
        attempt.phase,
        attempt.gateOrder,
        attempt.maxAttempts,
        attempt.status,
        attempt.trigger,
        attempt.modelOverride ?? null,
        attempt.escalation ?? 0,
        attempt.statusReason ?? null,
        attempt.overriddenBy ?? null,
        attempt.failCodes ?? [],
        attemptJobId(attempt),
        finished ? 0 : null,
        at,
        finished ? at : null,
      ],
    );
    if (rows.length) return { attempt: toAttempt(rows[0]), created: true };
    const existing = await this.getAttempt(attempt);
    if (!existing) throw new Error(`attempt ${attemptJobId(attempt)} could not be created and does not exist`);
    return { attempt: existing, created: false };
  }

  async claimAttempt(attemptId: string, claim: { workerId: string; leaseExpiresAt: Date; startedAt: Date }): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      {
        name: 'store_claim_attempt',
        text: `UPDATE gate_executions SET status = 'running', worker_id = $2, lease_expires_at = $3, started_at = $4, updated_at = now()
               WHERE id = $1 AND status = 'pending'`,
      },
      [attemptId, claim.workerId, claim.leaseExpiresAt, claim.startedAt],
    );
    return rowCount > 0;
  }

  async renewLease(attemptId: string, workerId: string, leaseExpiresAt: Date): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      {
        name: 'store_renew_lease',
        text: `UPDATE gate_executions SET lease_expires_at = $3 WHERE id = $1 AND status = 'running' AND worker_id = $2`,
      },
      [attemptId, workerId, leaseExpiresAt],
    );
    return rowCount > 0;
  }

  async recordProgress(attemptId: string, workerId: string, progress: AttemptProgress): Promise<boolean> {
    // Superseded by the outcome, so its commit need not wait for the WAL flush (a worker's death keeps it).
    const { rowCount } = await this.pg.relaxedWrite(
      {
        name: 'store_record_progress',
        text: `UPDATE gate_executions SET agent_slug = $3, model_id = $4, model_provider = $5, raw_output = $6, tokens_in = $7,
                 tokens_out = $8, cost_usd = $9, simulated = $10, updated_at = now()
               WHERE id = $1 AND status = 'running' AND worker_id = $2`,
      },
      [attemptId, workerId, progress.agentSlug, progress.modelId, progress.modelProvider, toJsonb(progress.rawOutput), progress.tokensIn, progress.tokensOut, progress.costUsd, progress.simulated],
    );
    return rowCount > 0;
  }

  async completeAttempt(attemptId: string, completion: AttemptCompletion, artifacts: ArtifactRecord[]): Promise<boolean> {
    // Joins the engine's unit of work when there is one (outcome, totals, events and next attempt commit together).
    return this.pg.atomically(async () => {
      const promptPacket = await this.promptParts.compact(completion.promptPacket);
      const { rows } = await this.pg.query(
        {
          name: 'store_complete_attempt',
          text: `UPDATE gate_executions SET status = $2, agent_slug = $3, model_id = $4, model_provider = $5, prompt_packet = $6,
                   raw_output = $7, validation_results = $8, validation_summary = $9, fail_codes = $10, tokens_in = $11,
                   tokens_out = $12, cost_usd = $13, duration_ms = $14, simulated = $15, routing = $16, completed_at = $17,
                   lease_expires_at = NULL, updated_at = now()
                 WHERE id = $1 AND status = 'running'
                 RETURNING run_id, gate_id`,
        },
        [
          attemptId,
          completion.status,
          completion.agentSlug,
          completion.modelId,
          completion.modelProvider,
          toJsonb(promptPacket),
          toJsonb(completion.rawOutput),
          toJsonb(completion.validationResults),
          toJsonb(validationSummaryOf(completion.validationResults)),
          completion.failCodes,
          completion.tokensIn,
          completion.tokensOut,
          completion.costUsd,
          completion.durationMs,
          completion.simulated,
          toJsonb(completion.routing),
          completion.completedAt,
        ],
      );
      if (rows.length === 0) return false; // nothing was written
      if (artifacts.length > 0) {
        const { run_id: runId, gate_id: gateId } = rows[0];
        // Version n of a path = one more than the versions before it (one statement for every file).
        await this.pg.query(
          {
            name: 'store_insert_artifacts',
            text: `INSERT INTO artifacts (run_id, gate_execution_id, gate_id, file_name, file_path, content_type, content,
                     content_hash, size_bytes, version)
                   SELECT $1, $2, $3, f.name, f.path, f.content_type, convert_to(f.content, 'UTF8'), f.sha256, f.size,
                     COALESCE((SELECT max(a.version) FROM artifacts a WHERE a.run_id = $1 AND a.file_path = f.path), 0) + 1
                   FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
                     AS f(name, path, content_type, content, sha256, size)`,
          },
          [
            runId,
            attemptId,
            gateId,
            artifacts.map((a) => a.path.slice(a.path.lastIndexOf('/') + 1)),
            artifacts.map((a) => a.path),
            artifacts.map((a) => a.contentType),
            artifacts.map((a) => a.content),
            artifacts.map((a) => a.sha256),
            artifacts.map((a) => a.sizeBytes),
          ],
        );
      }
      return true;
    });
  }

  async updateAttempt(
    attemptId: string,
    patch: Partial<Pick<GateAttempt, 'status' | 'failCodes' | 'statusReason' | 'overriddenBy' | 'completedAt' | 'durationMs'>>,
    expectStatus: readonly AttemptStatus[],
  ): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [attemptId, [...expectStatus]];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (patch.status !== undefined) {
      set('status', patch.status);
      if (patch.status !== 'running') sets.push('lease_expires_at = NULL');
    }
    if (patch.failCodes !== undefined) set('fail_codes', patch.failCodes);
    if (patch.statusReason !== undefined) set('status_reason', patch.statusReason);
    if (patch.overriddenBy !== undefined) set('overridden_by', patch.overriddenBy);
    if (patch.completedAt !== undefined) set('completed_at', patch.completedAt);
    if (patch.durationMs !== undefined) set('duration_ms', patch.durationMs);
    if (sets.length === 0) return false;
    const { rowCount } = await this.pg.query(
      `UPDATE gate_executions SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND status = ANY($2::text[])`,
      values,
    );
    return rowCount > 0;
  }

  async listExpiredAttempts(now: Date, limit: number): Promise<AttemptRef[]> {
    const { rows } = await this.pg.query(
      {
        name: 'store_list_expired',
        text: `SELECT run_id, gate_id, attempt_number FROM gate_executions
               WHERE status = 'running' AND lease_expires_at <= $1 ORDER BY lease_expires_at LIMIT $2`,
      },
      [now, limit],
    );
    return rows.map((row) => ({ runId: row.run_id, gateId: row.gate_id, attemptNumber: row.attempt_number }));
  }

  async recordOperatorAction(action: OperatorAction): Promise<void> {
    await this.pg.query(
      `INSERT INTO operator_actions (run_id, gate_id, gate_execution_id, user_id, action, reason, details, created_at)
       VALUES ($1, $2, $3, (SELECT id FROM users WHERE id::text = $4), $5, $6, $7, $8)`,
      [
        action.runId,
        action.gateId,
        action.attemptId,
        action.actor.id,
        action.action,
        action.reason,
        toJsonb({ ...action.details, actor: { id: action.actor.id, display: action.actor.display ?? null } }),
        action.at,
      ],
    );
  }

  // ── beyond the port: what the worker's shutdown and recovery need ──

  /**
   * Hands this worker's running attempts back (running → pending, lease cleared) so another worker claims them.
   * Used on shutdown after the grace period: the attempt runs again in full, and nothing is recorded twice because
   * the completion of the abandoned run is conditional on `running`.
   */
  async releaseAttempts(workerId: string): Promise<AttemptRef[]> {
    const { rows } = await this.pg.query(
      `UPDATE gate_executions SET status = 'pending', worker_id = NULL, lease_expires_at = NULL, started_at = NULL, updated_at = now()
       WHERE status = 'running' AND worker_id = $1
       RETURNING run_id, gate_id, attempt_number`,
      [workerId],
    );
    return rows.map((row) => ({ runId: row.run_id, gateId: row.gate_id, attemptNumber: row.attempt_number }));
  }

  /**
   * Runs that should be moving but are not: `pending` runs never started, and `running` runs with no attempt
   * running whose last change is older than `idleMs` (a worker died between recording an outcome and scheduling
   * what follows, or a queue job was lost). Advancing them again is safe.
   */
  async listStalledRuns(idleMs: number, limit: number): Promise<Array<{ id: string; status: RunStatus }>> {
    const { rows } = await this.pg.query(
      {
        name: 'store_list_stalled_runs',
        text: `SELECT r.id, r.status FROM runs r
               WHERE r.status IN ('pending', 'running') AND r.updated_at < now() - ($1::int * interval '1 millisecond')
                 AND NOT EXISTS (SELECT 1 FROM gate_executions g WHERE g.run_id = r.id AND g.status = 'running')
               ORDER BY r.updated_at LIMIT $2`,
      },
      [idleMs, limit],
    );
    return rows.map((row) => ({ id: row.id, status: row.status }));
  }

  /** Marks a run as looked at (so a stalled-run sweep does not pick it again at once). */
  async touchRun(runId: string): Promise<void> {
    await this.pg.query('UPDATE runs SET updated_at = now() WHERE id = $1', [runId]);
  }

  private async workflowOf(specId: string): Promise<WorkflowSnapshot> {
    const cached = this.workflows.get(specId);
    if (cached) return cached;
    const { rows } = await this.pg.query({ name: 'store_spec_definition', text: 'SELECT definition FROM specs WHERE id = $1' }, [specId]);
    if (rows.length === 0) throw new Error(`spec ${specId} of a run does not exist`);
    const workflow = rows[0].definition as WorkflowSnapshot;
    if (this.workflows.size >= MAX_CACHED_SPECS) this.workflows.delete(this.workflows.keys().next().value as string);
    this.workflows.set(specId, workflow);
    return workflow;
  }
}

/** `{ total, passed, failed, warnings, skipped }` from a contract validation result, when it has one. */
export function validationSummaryOf(results: unknown): Record<string, number> | null {
  const summary = (results as { summary?: Record<string, unknown> } | null)?.summary;
  if (!summary || typeof summary !== 'object') return null;
  const count = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : 0);
  return { total: count('total'), passed: count('passed'), failed: count('failed'), warnings: count('warnings'), skipped: count('skipped') };
}

/** NUMERIC comes back as "5.000000"; the engine's money strings look like "5.00". */
function usd(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : formatUsd(parseUsd(value));
}

function toRunSnapshot(row: Row, workflow: WorkflowSnapshot): RunSnapshot {
  return {
    id: row.id,
    status: row.status,
    workflow,
    intent: row.intent ?? {},
    mode: row.mode ?? '',
    depth: (row.depth ?? 'standard') as Depth,
    slug: row.project_slug,
    budgetUsd: usd(row.budget_usd),
    modelOverride: row.model_override ?? null,
    currentGate: row.current_gate ?? null,
    pauseReason: row.pause_reason ?? null,
    totals: {
      totalGates: row.total_gates,
      passedGates: row.passed_gates,
      failedGates: row.failed_gates,
      skippedGates: row.skipped_gates,
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
      totalCostUsd: usd(row.total_cost_usd) ?? '0.00',
      simulatedCostUsd: usd(row.simulated_cost_usd) ?? '0.00',
    },
    simulated: row.simulated,
    startedAt: row.started_at ?? null,
    completedAt: row.completed_at ?? null,
    integritySweep: row.integrity_sweep ?? null,
  };
}

function toSummary(row: Row): GateAttemptSummary {
  return {
    id: row.id,
    runId: row.run_id,
    gateId: row.gate_id,
    attemptNumber: row.attempt_number,
    gateName: row.gate_name,
    phase: row.phase,
    gateOrder: row.gate_order,
    maxAttempts: row.max_attempts,
    status: row.status,
    trigger: row.trigger,
    agentSlug: row.agent_slug,
    modelId: row.model_id,
    modelProvider: row.model_provider,
    modelOverride: row.model_override,
    escalation: row.escalation,
    failCodes: row.fail_codes ?? [],
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    costUsd: usd(row.cost_usd) ?? '0.00',
    durationMs: row.duration_ms,
    simulated: row.simulated,
    routing: row.routing,
    statusReason: row.status_reason,
    overriddenBy: row.overridden_by,
    workerId: row.worker_id,
    leaseExpiresAt: row.lease_expires_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

function toAttempt(row: Row): GateAttempt {
  return { ...toSummary(row), promptPacket: row.prompt_packet, rawOutput: row.raw_output, validationResults: row.validation_results };
}
