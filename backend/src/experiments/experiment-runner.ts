import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  costOfResponse,
  type GateAttempt,
  type GateRunOutput,
  type ModelChoiceRequest,
  type ModelResolver,
  type RunSnapshot,
  type SimulatorRubricContext,
  type WorkflowGateSnapshot,
} from '@esy/orchestration';
import { PG, type Pg } from '../database/pg';
import { RUN_ENGINE, type RunEngine } from '../engine/run-engine';
import { isolatedCopy, priorGatesOf, workspaceBeforeGate } from './source-workspace';
import { parseRubricAnswer, RUBRIC_CRITERIA, RUBRIC_SYSTEM_PROMPT, rubricMean, rubricUserPrompt, type RubricScores } from './rubric';
import { summarizeExperiment } from './experiment-summary';

interface ExperimentRow {
  id: string;
  gate_id: string;
  source_run_id: string | null;
  judge_model_id: string | null;
  status: string;
}

interface ResultRow {
  id: string;
  model_id: string;
  repeat_index: number;
}

/**
 * Executes one experiment (in a worker): every candidate (model × repetition) runs the gate through the run engine's
 * own gate executor — same prompt packet, tool loop and contract validation — in an in-memory copy of the source
 * run's workspace as it was before the gate, with the router forced to the candidate's model. Nothing is written
 * to the source run. Candidates run one after another; a cancel is noticed between them and between tool rounds.
 */
@Injectable()
export class ExperimentRunner {
  private readonly logger = new Logger('Experiments');

  constructor(
    @Inject(PG) private readonly pg: Pg,
    @Inject(RUN_ENGINE) private readonly engine: RunEngine,
  ) {}

  async execute(experimentId: string): Promise<void> {
    // A 'running' experiment arrives here only when Bull hands its job on after the lock lapsed: the worker that ran
    // it died. Take it over and put back the candidate that worker was in the middle of.
    const { rows } = await this.pg.query<ExperimentRow>(
      `UPDATE experiments SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'running') RETURNING id, gate_id, source_run_id, judge_model_id, status`,
      [experimentId],
    );
    if (rows.length === 0) return; // finished or cancelled
    const experiment = rows[0];
    const resumed = await this.pg.query(`UPDATE experiment_results SET status = 'pending' WHERE experiment_id = $1 AND status = 'running'`, [experimentId]);
    if (resumed.rowCount) this.logger.warn(`Experiment ${experimentId} taken over from a lost worker; ${resumed.rowCount} candidate(s) run again`);
    try {
      await this.runCandidates(experiment);
      await this.finish(experimentId, 'completed', null);
    } catch (error) {
      const message = (error as Error).message;
      this.logger.error(`Experiment ${experimentId} failed: ${message}`);
      await this.pg.query(
        `UPDATE experiment_results SET status = 'error', error_message = $2, completed_at = now()
          WHERE experiment_id = $1 AND status IN ('pending', 'running')`,
        [experimentId, `the experiment stopped: ${message}`],
      );
      await this.finish(experimentId, 'failed', message);
    }
  }

  /** Marks an experiment this process cannot finish as failed (its unfinished candidates as errors). */
  async abandon(experimentId: string, reason: string): Promise<void> {
    await this.pg.query(
      `UPDATE experiment_results SET status = 'error', error_message = $2, completed_at = now()
        WHERE experiment_id = $1 AND status IN ('pending', 'running')`,
      [experimentId, reason],
    );
    await this.finish(experimentId, 'failed', reason);
  }

  private async runCandidates(experiment: ExperimentRow): Promise<void> {
    if (!experiment.source_run_id) throw new Error('the source run was deleted');
    const run = await this.engine.store.getRun(experiment.source_run_id);
    if (!run) throw new Error('the source run was deleted');
    const gateIndex = run.workflow.gates.findIndex((gate) => gate.gate === experiment.gate_id);
    if (gateIndex < 0) throw new Error(`gate ${experiment.gate_id} is not part of the source run's workflow`);
    const gate = run.workflow.gates[gateIndex];
    const gateOrder = gateIndex + 1;
    const files = await workspaceBeforeGate(this.pg, run.id, gateOrder);
    const outputsOf = (gateId: string) => run.workflow.gates.find((g) => g.gate === gateId)?.outputs ?? [];
    const priorGates = await priorGatesOf(this.pg, run.id, gateOrder, outputsOf);

    const { rows: results } = await this.pg.query<ResultRow>(
      `SELECT id, model_id, repeat_index FROM experiment_results WHERE experiment_id = $1 AND status = 'pending'
        ORDER BY repeat_index, model_id`,
      [experiment.id],
    );
    for (const result of results) {
      if (await this.cancelled(experiment.id)) return;
      const claimed = await this.pg.query(`UPDATE experiment_results SET status = 'running' WHERE id = $1 AND status = 'pending'`, [result.id]);
      if (claimed.rowCount === 0) continue;
      await this.runCandidate(experiment, run, gate, gateOrder, files, priorGates, result);
    }
  }

  private async runCandidate(
    experiment: ExperimentRow,
    run: RunSnapshot,
    gate: WorkflowGateSnapshot,
    gateOrder: number,
    files: Record<string, string>,
    priorGates: Awaited<ReturnType<typeof priorGatesOf>>,
    result: ResultRow,
  ): Promise<void> {
    const deps = this.engine.deps;
    const controller = new AbortController();
    const started = Date.now();
    let output: GateRunOutput;
    try {
      output = await deps.runGate({
        run,
        gate,
        attempt: candidateAttempt(run, gate, gateOrder, result),
        workspace: isolatedCopy(files),
        settings: deps.settings,
        models: forcedModel(deps.models, result.model_id),
        signal: controller.signal,
        isCancelled: () => this.cancelled(experiment.id),
        onText: () => undefined,
        priorGates,
        now: () => new Date(),
      });
    } catch (error) {
      await this.pg.query(
        `UPDATE experiment_results SET status = 'error', passed = false, error_message = $2, duration_ms = $3, completed_at = now() WHERE id = $1`,
        [result.id, (error as Error).message, Date.now() - started],
      );
      return;
    }
    const c = output.completion;
    // A candidate stopped by a cancel says nothing about the model: recorded as an error, not a failure.
    const cancelled = c.failCodes.includes('CANCELLED');
    const status = cancelled ? 'error' : c.status;
    const passed = c.status === 'passed' || c.status === 'warning';
    const written = output.artifacts.map((file) => ({ path: file.path, sha256: file.sha256, size_bytes: file.sizeBytes, content: file.content }));
    const judge = experiment.judge_model_id && !cancelled
      ? await this.judge(experiment, gate, result, written, passed).catch((error: Error) => ({ error: error.message }) as JudgeOutcome)
      : null;
    const record = {
      served_model_id: c.modelId,
      model_provider: c.modelProvider,
      simulated: c.simulated,
      routing: c.routing,
      prompt_packet: c.promptPacket,
      raw_output: c.rawOutput,
      files: written,
      judge: judge ? { ...judge, scores: undefined } : null,
    };
    await this.pg.query(
      `UPDATE experiment_results
          SET status = $2, passed = $3, validation_results = $4, fail_codes = $5, tokens_in = $6, tokens_out = $7, cost_usd = $8,
              duration_ms = $9, rubric_scores = $10, rubric_mean = $11, judge_model_id = $12, attempt_record = $13, error_message = $14,
              completed_at = now()
        WHERE id = $1`,
      [
        result.id,
        status,
        cancelled ? null : passed,
        JSON.stringify(c.validationResults ?? null),
        c.failCodes,
        c.tokensIn,
        c.tokensOut,
        c.costUsd,
        c.durationMs,
        judge?.scores ? JSON.stringify(judge.scores) : null,
        judge?.scores ? rubricMean(judge.scores).toFixed(2) : null,
        judge?.scores ? experiment.judge_model_id : null,
        JSON.stringify(record),
        cancelled ? 'cancelled while it ran' : judge?.error ? `judge: ${judge.error}` : null,
      ],
    );
  }

  /** Asks the judge model (never the candidate's) for rubric scores in JSON. */
  private async judge(
    experiment: ExperimentRow,
    gate: WorkflowGateSnapshot,
    result: ResultRow,
    files: Array<{ path: string; content: string }>,
    candidatePassed: boolean,
  ): Promise<JudgeOutcome> {
    const judgeId = experiment.judge_model_id!;
    const choice = await this.engine.deps.models.choose({ gateId: gate.gate, agentSlug: 'experiment-judge', tier: 'mid', rerunOverride: judgeId, escalation: 0 });
    const gateContext: SimulatorRubricContext = { kind: 'rubric_judge', criteria: [...RUBRIC_CRITERIA], seed: `${experiment.id}|${result.id}`, candidatePassed };
    const response = await choice.adapter.complete({
      model: choice.model,
      system: RUBRIC_SYSTEM_PROMPT,
      messages: [{ role: 'user', content: [{ type: 'text', text: rubricUserPrompt({ gateId: gate.gate, gateName: gate.name, instructions: gate.instructions, requiredOutputs: gate.outputs ?? [], files }) }] }],
      tools: [],
      maxOutputTokens: 1_000,
      signal: AbortSignal.timeout(120_000),
      gateContext,
    });
    const cost = costOfResponse(response, choice.model).totalUsd;
    const usage = { model_id: response.servedBy?.id ?? choice.model.id, tokens_in: response.usage.inputTokens, tokens_out: response.usage.outputTokens, cost_usd: cost, simulated: response.simulated === true };
    const parsed = parseRubricAnswer(response.text);
    if (!parsed) return { ...usage, error: 'the judge did not answer with valid rubric JSON', answer: response.text.slice(0, 2000) };
    return { ...usage, scores: parsed.scores, rationale: parsed.rationale };
  }

  private async cancelled(experimentId: string): Promise<boolean> {
    const { rows } = await this.pg.query<{ status: string }>('SELECT status FROM experiments WHERE id = $1', [experimentId]);
    return rows[0]?.status !== 'running';
  }

  private async finish(experimentId: string, status: 'completed' | 'failed', error: string | null): Promise<void> {
    const summary = await summarizeExperiment(this.pg, experimentId);
    await this.pg.query(
      `UPDATE experiments SET status = $2, summary = $3, completed_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`,
      [experimentId, status, JSON.stringify({ ...summary, error })],
    );
  }
}

interface JudgeOutcome {
  scores?: RubricScores;
  rationale?: string | null;
  error?: string;
  answer?: string;
  model_id?: string;
  tokens_in?: number;
  tokens_out?: number;
  cost_usd?: string;
}

/** The router with the candidate's model forced (the same rule an operator's "rerun on another model" uses). */
function forcedModel(inner: ModelResolver, modelId: string): ModelResolver {
  return { choose: (request: ModelChoiceRequest) => inner.choose({ ...request, rerunOverride: modelId, escalation: 0 }) };
}

/** The attempt the executor sees: numbered by repetition, so the simulator's per-attempt behaviour varies across repeats. */
function candidateAttempt(run: RunSnapshot, gate: WorkflowGateSnapshot, gateOrder: number, result: ResultRow): GateAttempt {
  const now = new Date();
  return {
    id: result.id,
    runId: run.id,
    gateId: gate.gate,
    attemptNumber: result.repeat_index,
    gateName: gate.name,
    phase: gate.phase,
    gateOrder,
    maxAttempts: 1,
    status: 'running',
    trigger: 'rerun',
    agentSlug: null,
    modelId: result.model_id,
    modelProvider: null,
    modelOverride: result.model_id,
    escalation: 0,
    promptPacket: null,
    rawOutput: null,
    validationResults: null,
    failCodes: [],
    tokensIn: 0,
    tokensOut: 0,
    costUsd: '0',
    durationMs: null,
    simulated: false,
    routing: null,
    statusReason: null,
    overriddenBy: null,
    workerId: null,
    leaseExpiresAt: null,
    createdAt: now,
    startedAt: now,
    completedAt: null,
  };
}
