/**
 * The small interfaces the run lifecycle talks to. The CLI implements them in memory and on disk (`engine/local/`);
 * the server implements them with TypeORM (RunStore), Bull (JobQueue) and Redis pub/sub (EventSink).
 *
 * Concurrency contract: every state change that several processes could race on is a *conditional* update that
 * reports whether it happened (`claimAttempt`, `updateAttempt` with `expect`, `updateRun` with `expect`,
 * `createAttempt` unique on (run, gate, attempt_number)). The lifecycle only acts when the update succeeded, which
 * is what makes a redelivered queue job a no-op.
 */
import type { IntegritySweep } from './integrity-sweep';
import type { ModelAdapter, ModelInfo, ModelTier } from '../models/model-adapter';
import type { Depth } from '../content/contract-schema';
import type { Workspace, WrittenFile } from './workspace/workspace';
import type { AutoRoutingRecord } from '../routing/auto-decision';
import type { StageRouting } from '../routing/stage-routing';

export type RunStatus = 'pending' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type AttemptStatus = 'pending' | 'running' | 'passed' | 'warning' | 'failed' | 'skipped';

export const FINISHED_ATTEMPT_STATUSES: readonly AttemptStatus[] = ['passed', 'warning', 'failed', 'skipped'];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

/** One gate of the pinned workflow (a spec stage). Field names follow the workflow file format. */
export interface WorkflowGateSnapshot {
  gate: string;
  name: string;
  phase: string;
  agent?: string;
  parallel_agents?: Array<{ agent: string; role?: string }>;
  tier?: ModelTier;
  model?: string;
  profiles?: Record<string, string | string[]>;
  contract?: string;
  condition?: string;
  inputs?: string[];
  outputs?: string[];
  /** Earlier files (globs) the stage may rewrite besides its contract outputs (write scope). */
  may_modify?: string[];
  max_attempts?: number;
  timeout_s?: number;
  instructions?: string;
  [extra: string]: unknown;
}

/** The workflow (spec) a run pinned when it started. */
export interface WorkflowSnapshot {
  workflow: string;
  version: string;
  name?: string;
  gates: WorkflowGateSnapshot[];
  qa_config?: { network_checks?: boolean; blocking_warnings?: boolean; max_attempts?: number; escalate_on_retry?: boolean; [extra: string]: unknown };
  cost_profile?: { budget_usd?: string; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface RunTotals {
  totalGates: number;
  passedGates: number;
  failedGates: number;
  skippedGates: number;
  tokensIn: number;
  tokensOut: number;
  /** Exact decimal string: every attempt's spend, real and simulated. */
  totalCostUsd: string;
  /** The simulated part of totalCostUsd (never charged; budgets count only the real rest). Absent = none. */
  simulatedCostUsd?: string;
}

/** What the engine needs to know about a run. */
export interface RunSnapshot {
  id: string;
  status: RunStatus;
  workflow: WorkflowSnapshot;
  intent: Record<string, unknown>;
  mode: string;
  depth: Depth;
  /** The project slug (`{slug}` in contract paths). */
  slug: string;
  /** Maximum spend in USD (decimal string); null = no budget. */
  budgetUsd: string | null;
  /** Run-wide model override (router step 2). */
  modelOverride: string | null;
  currentGate: string | null;
  pauseReason: string | null;
  totals: RunTotals;
  simulated: boolean;
  startedAt: Date | null;
  completedAt: Date | null;
  /** The final integrity sweep's result (set when the run reached its end; null before). */
  integritySweep?: IntegritySweep | null;
}

export type RunPatch = Partial<
  Pick<RunSnapshot, 'status' | 'currentGate' | 'pauseReason' | 'totals' | 'simulated' | 'startedAt' | 'completedAt' | 'budgetUsd' | 'integritySweep'>
>;

/** Identifies one attempt: (run, gate, attempt number) is unique; the queue job id derives from it. */
export interface AttemptRef {
  runId: string;
  gateId: string;
  attemptNumber: number;
}

/** `infra_retry`: the previous attempt was ended by infrastructure; it does not count toward max_attempts. */
export type AttemptTrigger = 'initial' | 'retry' | 'infra_retry' | 'rerun' | 'resume' | 'recovery' | 'operator_skip' | 'condition';

/** How the model of an attempt (or of one agent of it) was chosen. */
export interface AgentRouting {
  agentSlug: string;
  role?: string;
  modelId: string;
  provider: string;
  /** Which router rule picked it: rerun_override, run_override, stage_model, agent_hint, tier_default, escalation. */
  rule: string;
  tier: ModelTier;
  escalation: number;
  note?: string;
  /** The router's own log for this agent (selection, retries, fallbacks), when it keeps one. */
  log?: unknown[];
  /** Why `auto` routing chose this model: posteriors, bounds, expected costs and the candidates it beat. */
  auto?: AutoRoutingRecord;
}

/** One row of `gate_executions`. */
export interface GateAttempt extends AttemptRef {
  id: string;
  gateName: string;
  phase: string;
  gateOrder: number;
  maxAttempts: number;
  status: AttemptStatus;
  trigger: AttemptTrigger;
  agentSlug: string | null;
  modelId: string | null;
  modelProvider: string | null;
  /** Model requested by an operator rerun (router step 1). */
  modelOverride: string | null;
  /** Tiers above the agent's own tier (escalation on retry). */
  escalation: number;
  promptPacket: unknown | null;
  rawOutput: unknown | null;
  validationResults: unknown | null;
  failCodes: string[];
  tokensIn: number;
  tokensOut: number;
  costUsd: string;
  durationMs: number | null;
  simulated: boolean;
  routing: AgentRouting[] | null;
  /** Why the status is what it is when a person or a rule decided it (skip reason, approval note, condition). */
  statusReason: string | null;
  /** Who overrode the status (approve/skip), if anyone. */
  overriddenBy: string | null;
  workerId: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** The list view of an attempt: no large bodies (prompt packet, raw output, validation results). */
export type GateAttemptSummary = Omit<GateAttempt, 'promptPacket' | 'rawOutput' | 'validationResults'>;

export interface NewAttempt extends AttemptRef {
  gateName: string;
  phase: string;
  gateOrder: number;
  maxAttempts: number;
  trigger: AttemptTrigger;
  status: 'pending' | 'skipped' | 'failed';
  modelOverride?: string | null;
  escalation?: number;
  statusReason?: string | null;
  overriddenBy?: string | null;
  failCodes?: string[];
}

/** What a finished attempt recorded (applied only if the attempt is still `running`). */
export interface AttemptCompletion {
  status: 'passed' | 'warning' | 'failed';
  agentSlug: string | null;
  modelId: string | null;
  modelProvider: string | null;
  promptPacket: unknown;
  rawOutput: unknown;
  validationResults: unknown;
  failCodes: string[];
  tokensIn: number;
  tokensOut: number;
  costUsd: string;
  durationMs: number;
  simulated: boolean;
  routing: AgentRouting[];
  completedAt: Date;
}

/**
 * What a running attempt has spent so far: its model rounds up to the last one completed. Stored as each round
 * completes, so an attempt whose worker dies keeps the tokens, cost and raw output of the rounds it finished.
 */
export interface AttemptProgress {
  agentSlug: string;
  modelId: string;
  modelProvider: string;
  rawOutput: unknown;
  tokensIn: number;
  tokensOut: number;
  costUsd: string;
  simulated: boolean;
}

/** One version of a file, written by one attempt. */
export interface ArtifactRecord extends WrittenFile {
  runId: string;
  attemptId: string;
  gateId: string;
  attemptNumber: number;
  /** The text as written (the server stores it; the CLI may drop it since the file is on disk). */
  content: string;
}

export type OperatorActionKind = 'rerun' | 'skip' | 'approve' | 'cancel' | 'resume';

export interface Actor {
  /** A user id, an API key id, or "cli". */
  id: string;
  display?: string;
}

export interface OperatorAction {
  runId: string;
  gateId: string | null;
  attemptId: string | null;
  action: OperatorActionKind;
  actor: Actor;
  reason: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** What a host stores with a new run beyond its snapshot (the server: spec, template, owner, display name). */
export type RunHostFields = object;

export interface RunStore {
  /** Stores a new run (status `pending`, as `run` says). Throws when a run with its id exists. */
  createRun(run: RunSnapshot, host?: RunHostFields): Promise<void>;
  getRun(runId: string): Promise<RunSnapshot | null>;
  /** Cheap status read (checked between tool rounds to notice a cancellation made by another process). */
  getRunStatus(runId: string): Promise<RunStatus | null>;
  /** Applies the patch only when the run's status is one of `expectStatus` (when given). Returns whether it did. */
  updateRun(runId: string, patch: RunPatch, expectStatus?: readonly RunStatus[]): Promise<boolean>;

  /** Every attempt of the run, ordered by gate order then attempt number, without large bodies. */
  listAttempts(runId: string): Promise<GateAttemptSummary[]>;
  getAttempt(ref: AttemptRef): Promise<GateAttempt | null>;
  /**
   * Every finished attempt of the run with what the final integrity sweep reads — validation results and the raw
   * output's `writes` — in one read, in `listAttempts` order; `promptPacket` is null and `rawOutput` holds only
   * `writes`. Optional: without it the sweep reads each attempt with `getAttempt`.
   */
  listAttemptOutcomes?(runId: string): Promise<GateAttempt[]>;
  /** Inserts the attempt unless (run, gate, attempt_number) exists; either way returns the stored row. */
  createAttempt(attempt: NewAttempt, at: Date): Promise<{ attempt: GateAttempt; created: boolean }>;
  /** pending → running, recording the worker and its lease. False when the attempt was not pending. */
  claimAttempt(attemptId: string, claim: { workerId: string; leaseExpiresAt: Date; startedAt: Date }): Promise<boolean>;
  /** Extends the lease of a running attempt held by `workerId`. False when it is no longer ours. */
  renewLease(attemptId: string, workerId: string, leaseExpiresAt: Date): Promise<boolean>;
  /**
   * Stores the spend and raw output of the rounds completed so far, only while the attempt is running and held by
   * `workerId`. Optional: a store without it records spend only when the attempt completes.
   */
  recordProgress?(attemptId: string, workerId: string, progress: AttemptProgress): Promise<boolean>;
  /** Records the outcome and the artifacts together (one transaction), only if the attempt is still running. */
  completeAttempt(attemptId: string, completion: AttemptCompletion, artifacts: ArtifactRecord[]): Promise<boolean>;
  /** Conditional status change for operator actions and recovery. */
  updateAttempt(
    attemptId: string,
    patch: Partial<Pick<GateAttempt, 'status' | 'failCodes' | 'statusReason' | 'overriddenBy' | 'completedAt' | 'durationMs'>>,
    expectStatus: readonly AttemptStatus[],
  ): Promise<boolean>;
  /** Running attempts whose lease ended before `now` (their worker died). */
  listExpiredAttempts(now: Date, limit: number): Promise<AttemptRef[]>;

  recordOperatorAction(action: OperatorAction): Promise<void>;
}

export interface WorkspaceProvider {
  forRun(runId: string): Promise<Workspace>;
}

export interface JobQueue {
  /**
   * Schedules `executeAttempt(ref)`, after `delayMs` when given (back-off). Must be idempotent: use
   * `attemptJobId(ref)` as the job id.
   */
  enqueueAttempt(ref: AttemptRef, options?: { delayMs?: number }): Promise<void>;
}

export type { RunEventType } from './run-event-types';
import type { RunEventType } from './run-event-types';

export interface EventSink {
  publish(runId: string, type: RunEventType, payload: Record<string, unknown>): Promise<void>;
}

/**
 * Groups the store writes and events of one state change of an attempt (claim + `gate_started`; outcome + totals +
 * result event + next attempt) so they commit together. A database host runs `work` in one transaction and holds
 * back what must follow the commit (queue jobs, live event delivery); the events' rows are written in the same
 * transaction, so they are the outbox. Hosts without transactions (the CLI) leave it out and `work` runs as is.
 */
export interface UnitOfWork {
  atomically<T>(work: () => Promise<T>): Promise<T>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the router needs to pick a model for one agent of one attempt (SPEC section 7 order). */
export interface ModelChoiceRequest {
  gateId: string;
  agentSlug: string;
  /** The agent's tier, or the gate's tier override. */
  tier: ModelTier;
  rerunOverride?: string | null;
  runOverride?: string | null;
  stageModel?: string | null;
  agentHint?: string | null;
  /** Tiers to climb above `tier` (0 = none). */
  escalation: number;
  /** Set by the auto routing layer (core/routing) for the router's precedence. */
  autoModel?: string | null;
  /** For auto routing: which run and attempt (seeds its exploration), the stage's routing and token estimates. */
  runId?: string;
  attemptNumber?: number;
  routing?: StageRouting | null;
  estimates?: { input_tokens: number; output_tokens: number } | null;
}

export interface ModelChoice {
  model: ModelInfo;
  adapter: ModelAdapter;
  decision: Omit<AgentRouting, 'agentSlug' | 'role'>;
}

/** The router seam: the models helper's router (or the CLI's catalog resolver) implements it. */
export interface ModelResolver {
  choose(request: ModelChoiceRequest): Promise<ModelChoice>;
}

export function attemptJobId(ref: AttemptRef): string {
  return `attempt:${ref.runId}:${ref.gateId}:${ref.attemptNumber}`;
}
