import { randomUUID } from 'node:crypto';
import type {
  ArtifactRecord,
  AttemptCompletion,
  AttemptProgress,
  AttemptRef,
  AttemptStatus,
  GateAttempt,
  GateAttemptSummary,
  NewAttempt,
  OperatorAction,
  RunPatch,
  RunSnapshot,
  RunStatus,
  RunStore,
} from '../ports';

/**
 * RunStore in memory for the CLI and tests. Conditional updates behave like the database ones (check and set in
 * one step), and every value handed out is a copy, so callers cannot change stored state by accident.
 */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunSnapshot>();
  private readonly attempts = new Map<string, GateAttempt>();
  private readonly attemptKeys = new Map<string, string>();
  private readonly artifacts: ArtifactRecord[] = [];
  private readonly actions: OperatorAction[] = [];

  constructor(private readonly options: { keepArtifactContent?: boolean } = {}) {}

  /** Adds a run (the CLI's equivalent of `POST /api/runs`). */
  insertRun(run: RunSnapshot): RunSnapshot {
    if (this.runs.has(run.id)) throw new Error(`run ${run.id} already exists`);
    this.runs.set(run.id, clone(run));
    return clone(run);
  }

  async createRun(run: RunSnapshot): Promise<void> {
    this.insertRun(run);
  }

  async getRun(runId: string): Promise<RunSnapshot | null> {
    const run = this.runs.get(runId);
    return run ? clone(run) : null;
  }

  async getRunStatus(runId: string): Promise<RunStatus | null> {
    return this.runs.get(runId)?.status ?? null;
  }

  async updateRun(runId: string, patch: RunPatch, expectStatus?: readonly RunStatus[]): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    if (expectStatus && !expectStatus.includes(run.status)) return false;
    Object.assign(run, clone(patch));
    return true;
  }

  async listAttempts(runId: string): Promise<GateAttemptSummary[]> {
    return [...this.attempts.values()]
      .filter((a) => a.runId === runId)
      .sort((a, b) => a.gateOrder - b.gateOrder || a.attemptNumber - b.attemptNumber)
      .map(({ promptPacket: _p, rawOutput: _r, validationResults: _v, ...summary }) => clone(summary));
  }

  async listAttemptOutcomes(runId: string): Promise<GateAttempt[]> {
    return [...this.attempts.values()]
      .filter((a) => a.runId === runId && a.completedAt)
      .sort((a, b) => a.gateOrder - b.gateOrder || a.attemptNumber - b.attemptNumber)
      .map((a) => ({ ...clone(a), promptPacket: null, rawOutput: writesOnly(a.rawOutput) }));
  }

  async getAttempt(ref: AttemptRef): Promise<GateAttempt | null> {
    const id = this.attemptKeys.get(keyOf(ref));
    return id ? clone(this.attempts.get(id)!) : null;
  }

  async createAttempt(input: NewAttempt, at: Date): Promise<{ attempt: GateAttempt; created: boolean }> {
    const key = keyOf(input);
    const existing = this.attemptKeys.get(key);
    if (existing) return { attempt: clone(this.attempts.get(existing)!), created: false };
    const finished = input.status !== 'pending';
    const attempt: GateAttempt = {
      id: randomUUID(),
      runId: input.runId,
      gateId: input.gateId,
      attemptNumber: input.attemptNumber,
      gateName: input.gateName,
      phase: input.phase,
      gateOrder: input.gateOrder,
      maxAttempts: input.maxAttempts,
      status: input.status,
      trigger: input.trigger,
      agentSlug: null,
      modelId: null,
      modelProvider: null,
      modelOverride: input.modelOverride ?? null,
      escalation: input.escalation ?? 0,
      promptPacket: null,
      rawOutput: null,
      validationResults: null,
      failCodes: input.failCodes ?? [],
      tokensIn: 0,
      tokensOut: 0,
      costUsd: '0.00',
      durationMs: finished ? 0 : null,
      simulated: false,
      routing: null,
      statusReason: input.statusReason ?? null,
      overriddenBy: input.overriddenBy ?? null,
      workerId: null,
      leaseExpiresAt: null,
      createdAt: at,
      startedAt: null,
      completedAt: finished ? at : null,
    };
    this.attempts.set(attempt.id, attempt);
    this.attemptKeys.set(key, attempt.id);
    return { attempt: clone(attempt), created: true };
  }

  async claimAttempt(attemptId: string, claim: { workerId: string; leaseExpiresAt: Date; startedAt: Date }): Promise<boolean> {
    const attempt = this.attempts.get(attemptId);
    if (!attempt || attempt.status !== 'pending') return false;
    Object.assign(attempt, { status: 'running', workerId: claim.workerId, leaseExpiresAt: claim.leaseExpiresAt, startedAt: claim.startedAt });
    return true;
  }

  async renewLease(attemptId: string, workerId: string, leaseExpiresAt: Date): Promise<boolean> {
    const attempt = this.attempts.get(attemptId);
    if (!attempt || attempt.status !== 'running' || attempt.workerId !== workerId) return false;
    attempt.leaseExpiresAt = leaseExpiresAt;
    return true;
  }

  async recordProgress(attemptId: string, workerId: string, progress: AttemptProgress): Promise<boolean> {
    const attempt = this.attempts.get(attemptId);
    if (!attempt || attempt.status !== 'running' || attempt.workerId !== workerId) return false;
    Object.assign(attempt, clone(progress));
    return true;
  }

  async completeAttempt(attemptId: string, completion: AttemptCompletion, artifacts: ArtifactRecord[]): Promise<boolean> {
    const attempt = this.attempts.get(attemptId);
    if (!attempt || attempt.status !== 'running') return false;
    Object.assign(attempt, clone(completion), { leaseExpiresAt: null });
    for (const artifact of artifacts) {
      this.artifacts.push(this.options.keepArtifactContent === false ? { ...artifact, content: '' } : { ...artifact });
    }
    return true;
  }

  async updateAttempt(
    attemptId: string,
    patch: Partial<Pick<GateAttempt, 'status' | 'failCodes' | 'statusReason' | 'overriddenBy' | 'completedAt' | 'durationMs'>>,
    expectStatus: readonly AttemptStatus[],
  ): Promise<boolean> {
    const attempt = this.attempts.get(attemptId);
    if (!attempt || !expectStatus.includes(attempt.status)) return false;
    Object.assign(attempt, clone(patch));
    if (patch.status && patch.status !== 'running') attempt.leaseExpiresAt = null;
    return true;
  }

  async listExpiredAttempts(now: Date, limit: number): Promise<AttemptRef[]> {
    return [...this.attempts.values()]
      .filter((a) => a.status === 'running' && a.leaseExpiresAt !== null && a.leaseExpiresAt.getTime() <= now.getTime())
      .slice(0, limit)
      .map((a) => ({ runId: a.runId, gateId: a.gateId, attemptNumber: a.attemptNumber }));
  }

  async recordOperatorAction(action: OperatorAction): Promise<void> {
    this.actions.push(clone(action));
  }

  // ── read-outs for the run record and tests (not part of the port) ──

  fullAttempts(runId: string): GateAttempt[] {
    return [...this.attempts.values()]
      .filter((a) => a.runId === runId)
      .sort((a, b) => a.gateOrder - b.gateOrder || a.attemptNumber - b.attemptNumber)
      .map(clone);
  }

  artifactsOf(runId: string): ArtifactRecord[] {
    return this.artifacts.filter((a) => a.runId === runId).map((a) => ({ ...a }));
  }

  actionsOf(runId: string): OperatorAction[] {
    return this.actions.filter((a) => a.runId === runId).map(clone);
  }

  /** Test hook: pretend a worker died holding this attempt (lease in the past). */
  expireLease(ref: AttemptRef, at: Date): void {
    const id = this.attemptKeys.get(keyOf(ref));
    if (id) this.attempts.get(id)!.leaseExpiresAt = at;
  }
}

function keyOf(ref: AttemptRef): string {
  return `${ref.runId}\u0000${ref.gateId}\u0000${ref.attemptNumber}`;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** `{writes}` of a raw output (what the integrity sweep reads), null when it has none. */
function writesOnly(rawOutput: unknown): { writes: unknown } | null {
  const writes = (rawOutput as { writes?: unknown } | null)?.writes;
  return writes === undefined ? null : { writes: clone(writes) };
}
