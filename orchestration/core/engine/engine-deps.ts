import { DEFAULT_INFRA_RETRY_POLICY, type InfraRetryPolicy } from './attempt-policy';
import type { ToolLoopLimits } from './tool-loop';
import type {
  ArtifactRecord,
  AttemptCompletion,
  AttemptProgress,
  Clock,
  EventSink,
  GateAttempt,
  JobQueue,
  ModelResolver,
  RunSnapshot,
  RunStore,
  UnitOfWork,
  WorkflowGateSnapshot,
  WorkspaceProvider,
} from './ports';
import type { Workspace } from './workspace/workspace';

/** Knobs of the engine; both hosts start from DEFAULT_ENGINE_SETTINGS. */
export interface EngineSettings {
  /** Identifies this process in attempt leases (host:pid is a good choice). */
  workerId: string;
  /** Attempts per gate when neither the gate nor the workflow's qa_config says. */
  defaultMaxAttempts: number;
  /** Climb a tier (low → mid → top) on each automatic retry, unless the workflow's qa_config says otherwise. */
  escalateOnRetry: boolean;
  /** How long a claimed attempt stays ours without a heartbeat. */
  leaseMs: number;
  /** How often a running attempt renews its lease. */
  heartbeatMs: number;
  /** Gate wall-clock limit when the gate has no timeout_s. */
  defaultTimeoutS: number;
  /** Budget when neither the run nor the workflow's cost profile sets one; null = unlimited. */
  defaultBudgetUsd: string | null;
  /** Whether url_reachable checks go to the network (otherwise they are reported as skipped). */
  networkChecks: boolean;
  /** Tool-loop caps; an agent's max_tool_rounds / max_output_tokens narrow them. */
  loopLimits: Omit<ToolLoopLimits, 'costCapPico' | 'timeoutMs'>;
  /** Minimum gap between two gate_output events of one agent (streamed text is coalesced). */
  outputFlushMs: number;
  /**
   * Least time between two storage reads of the run's status during an attempt (isCancelled, asked every tool
   * round). 0 = every round. A host that also pushes cancellations to `active` (e.g. over pub/sub) can read less often.
   */
  cancelCheckMs?: number;
  /** Retries of attempts ended by infrastructure (worker lost, storage or provider down): never count toward max_attempts. */
  infraRetry: InfraRetryPolicy;
}

export const DEFAULT_ENGINE_SETTINGS: Readonly<EngineSettings> = {
  workerId: 'local',
  defaultMaxAttempts: 3,
  escalateOnRetry: false,
  leaseMs: 60_000,
  heartbeatMs: 15_000,
  defaultTimeoutS: 600,
  defaultBudgetUsd: null,
  networkChecks: false,
  loopLimits: { maxRounds: 24, maxInputTokens: 1_500_000, maxOutputTokens: 120_000, maxOutputTokensPerCall: 16_000 },
  outputFlushMs: 250,
  infraRetry: DEFAULT_INFRA_RETRY_POLICY,
};

/** Everything one gate attempt needs; built by the lifecycle, consumed by a GateRunner. */
export interface GateRunInput {
  run: RunSnapshot;
  gate: WorkflowGateSnapshot;
  attempt: GateAttempt;
  workspace: Workspace;
  settings: EngineSettings;
  models: ModelResolver;
  /** Spend left in the run's budget, pico-USD; undefined = unlimited. */
  remainingBudgetPico?: bigint;
  /** Fires when the run is cancelled in this process or the lease was lost. */
  signal: AbortSignal;
  /** True when the run was cancelled (possibly by another process); asked between tool rounds. */
  isCancelled: () => Promise<boolean>;
  /** Streamed model text, per agent. */
  onText: (agentSlug: string, delta: string) => void;
  /** The attempt's spend and rounds so far, after every completed model round (stored so a lost attempt keeps them). */
  onProgress?: (progress: AttemptProgress) => void;
  /** Earlier gates of the run with their latest status (for the prompt's context section). */
  priorGates: Array<{ gate: string; name: string; status: string; outputs: string[] }>;
  /** What went wrong in the previous attempt of this gate, shown to the model on a retry. */
  previousAttempt?: { attemptNumber: number; failCodes: string[]; statusReason: string | null; validationResults: unknown };
  now: () => Date;
}

export interface GateRunOutput {
  completion: AttemptCompletion;
  artifacts: ArtifactRecord[];
}

/** Runs one attempt of one gate (prompt → tool loop → validation). The real one is `createGateExecutor`. */
export type GateRunner = (input: GateRunInput) => Promise<GateRunOutput>;

/** Abort handles of the attempts running in this process, so a local cancel stops them at once. */
export class ActiveAttempts {
  private readonly byRun = new Map<string, Map<string, AbortController>>();

  register(runId: string, attemptId: string, controller: AbortController): void {
    let attempts = this.byRun.get(runId);
    if (!attempts) this.byRun.set(runId, (attempts = new Map()));
    attempts.set(attemptId, controller);
  }

  unregister(runId: string, attemptId: string): void {
    const attempts = this.byRun.get(runId);
    attempts?.delete(attemptId);
    if (attempts && attempts.size === 0) this.byRun.delete(runId);
  }

  abortRun(runId: string, reason: string): number {
    const attempts = this.byRun.get(runId);
    if (!attempts) return 0;
    for (const controller of attempts.values()) controller.abort(new Error(reason));
    return attempts.size;
  }

  /** Every attempt running here (e.g. to hand them back on shutdown). */
  abortAll(reason: string): void {
    for (const runId of [...this.byRun.keys()]) this.abortRun(runId, reason);
  }
}

export interface EngineDeps {
  store: RunStore;
  workspaces: WorkspaceProvider;
  queue: JobQueue;
  events: EventSink;
  models: ModelResolver;
  runGate: GateRunner;
  /**
   * Decides a gate's `condition` (true = run the gate). Injected so the engine uses the content loader's safe
   * parser; returns a reason that is stored when the gate is skipped.
   */
  evaluateCondition: (expression: string, run: RunSnapshot) => { run: boolean; reason: string };
  clock: Clock;
  settings: EngineSettings;
  active: ActiveAttempts;
  /** One transaction per state change of an attempt, when the host has transactions (see UnitOfWork). */
  unitOfWork?: UnitOfWork;
}
