/**
 * The run state machine of SPEC section 6, shared by the server (Bull worker + REST) and the CLI.
 *
 * Runs: pending → running → paused | completed | failed | cancelled (paused → running again on resume, rerun,
 * skip or approve). Attempts: pending → running → passed | warning | failed, or skipped. One attempt row per try.
 *
 * Everything here is safe to call twice: attempts are unique per (run, gate, attempt_number), queue jobs are
 * keyed by the attempt, and every state change is a conditional update that only the first caller wins.
 */
import { failCodeForError, infraRetryDecision, isInfrastructureFailure, qualityAttempts } from './attempt-policy';
import { FAIL_CODES } from './fail-codes';
import { regressionReason, type IntegritySweep, type IntegritySweeper } from './integrity-sweep';
import { formatUsd, parseUsd } from './money';
import type { EngineDeps, GateRunInput } from './engine-deps';
import type { Workspace } from './workspace/workspace';
import type {
  Actor,
  AttemptProgress,
  AttemptRef,
  AttemptStatus,
  GateAttempt,
  GateAttemptSummary,
  OperatorActionKind,
  RunHostFields,
  RunSnapshot,
  RunStatus,
  RunTotals,
  WorkflowGateSnapshot,
} from './ports';
import { FINISHED_ATTEMPT_STATUSES } from './ports';

/** An operator request the current state does not allow (the server maps `code` to 404 / 409 / 400). */
export class LifecycleError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'LifecycleError';
  }
}

export type ExecuteResult =
  | { action: 'executed'; status: AttemptStatus }
  | { action: 'noop'; reason: string }
  | { action: 'recovered' }
  | { action: 'superseded' }
  | { action: 'missing' };

// ───────────────────────────── run start and progression ─────────────────────────────

/**
 * Creates a run and starts it as one state change (one commit with a UnitOfWork): the run row, `run_started` and
 * the first gate's attempt (after its condition and budget checks), its job queued after the commit. `run` comes
 * from `newRunSnapshot`; `host` is whatever the host stores with it. The run exists once this resolves even when
 * queueing failed (the error is thrown; a host's stalled-run sweep queues it later).
 */
export async function createAndStartRun(deps: EngineDeps, run: RunSnapshot, host?: RunHostFields): Promise<void> {
  if (run.status !== 'pending') throw new LifecycleError('INVALID', `a new run must be pending, not ${run.status}`);
  await atomically(deps, async () => {
    await deps.store.createRun(run, host);
    await startRun(deps, run.id);
  });
}

/** pending → running, then schedules the first gate. On a run already running it only re-advances (safe). */
export async function startRun(deps: EngineDeps, runId: string): Promise<void> {
  const run = await requireRun(deps, runId);
  if (run.status === 'pending') {
    const now = deps.clock.now();
    const started = await deps.store.updateRun(runId, { status: 'running', startedAt: now, totals: emptyTotals(run) }, ['pending']);
    if (started) await deps.events.publish(runId, 'run_started', { workflow: run.workflow.workflow, version: run.workflow.version, mode: run.mode, depth: run.depth, total_gates: run.workflow.gates.length });
  }
  await advanceRun(deps, runId);
}

/**
 * Moves a running run forward: finds the first gate that is not finished, skips it when its condition is false,
 * otherwise makes sure it has a pending attempt in the queue. Completes the run when every gate is done.
 * `resumed` allows a new attempt for a gate whose attempts were exhausted (operator resume).
 */
export async function advanceRun(
  deps: EngineDeps,
  runId: string,
  options: { resumed?: boolean; known?: { run: RunSnapshot; attempts: GateAttemptSummary[] } } = {},
): Promise<void> {
  const run = options.known?.run ?? (await deps.store.getRun(runId));
  if (!run || run.status !== 'running') return;
  const latest = latestByGate(options.known?.attempts ?? (await deps.store.listAttempts(runId)));
  /** Totals known to be current (none of this call's own writes changed them yet). */
  let totals: RunTotals | null = options.known ? run.totals : null;

  for (const [index, gate] of run.workflow.gates.entries()) {
    const last = latest.get(gate.gate);
    if (last && (last.status === 'passed' || last.status === 'warning' || last.status === 'skipped')) continue;
    if (last && last.status === 'running') return;
    if (last && last.status === 'pending') {
      await deps.queue.enqueueAttempt(refOf(last)); // the job may have been lost before; enqueue is idempotent
      return;
    }

    if (last && last.status === 'failed') {
      if (last.failCodes.includes(FAIL_CODES.CANCELLED)) return;
      if (await pauseIfOverBudget(deps, run)) return;
      if (isInfrastructureFailure(last)) {
        if (options.resumed) {
          // The operator says the platform is healthy again: a fresh infrastructure budget, the quality budget kept.
          await scheduleAttempt(deps, run, gate, index, { attemptNumber: last.attemptNumber + 1, maxAttempts: last.maxAttempts + 1, trigger: 'resume', escalation: last.escalation, modelOverride: last.modelOverride });
        } else {
          await retryAfterInfrastructureFailure(deps, run, gate, index, last);
        }
        return;
      }
      if (last.attemptNumber < last.maxAttempts) {
        await scheduleRetry(deps, run, gate, index, last);
        return;
      }
      if (!options.resumed) {
        await pauseRun(deps, run, await exhaustedReason(deps, last), gate.gate);
        return;
      }
      await scheduleAttempt(deps, run, gate, index, {
        attemptNumber: last.attemptNumber + 1,
        maxAttempts: last.attemptNumber + 1,
        trigger: 'resume',
        escalation: last.escalation,
      });
      return;
    }

    // The gate's first attempt: decide the condition first.
    if (gate.condition && gate.condition.trim()) {
      let decision: { run: boolean; reason: string };
      try {
        decision = deps.evaluateCondition(gate.condition, run);
      } catch (error) {
        const message = `condition "${gate.condition}" of ${gate.gate} could not be evaluated: ${(error as Error).message}`;
        const failure = { status: 'failed' as const, failCodes: [FAIL_CODES.CONTRACT_ERROR], statusReason: message };
        await deps.store.createAttempt({ ...newAttemptBase(deps, run, gate, index, 1), trigger: 'condition', ...failure }, deps.clock.now());
        await pauseRun(deps, run, message, gate.gate);
        return;
      }
      if (!decision.run) {
        const { attempt: skipped, created } = await deps.store.createAttempt(
          { ...newAttemptBase(deps, run, gate, index, 1), trigger: 'condition', status: 'skipped', statusReason: decision.reason },
          deps.clock.now(),
        );
        if (created) {
          await deps.events.publish(runId, 'gate_skipped', { ...gatePayload(skipped), reason: decision.reason });
          totals = await refreshTotals(deps, runId);
        }
        continue;
      }
    }
    if (await pauseIfOverBudget(deps, run)) return;
    await scheduleAttempt(deps, run, gate, index, { attemptNumber: 1, maxAttempts: maxAttemptsFor(deps, run, gate), trigger: 'initial', escalation: 0 });
    return;
  }
  await completeRun(deps, run, totals);
}

// ───────────────────────────── executing one attempt (the queue job) ─────────────────────────────

/**
 * The queue job. Claims the attempt (pending → running) and runs it; anything else is a no-op, so a redelivered
 * job never runs an attempt twice. A `running` attempt whose lease has expired belonged to a dead worker: it is
 * failed with WORKER_LOST and retried.
 */
export async function executeAttempt(deps: EngineDeps, ref: AttemptRef): Promise<ExecuteResult> {
  // Both reads at once (the run is needed whenever the attempt is pending, the common case).
  const [attempt, run] = await Promise.all([deps.store.getAttempt(ref), deps.store.getRun(ref.runId)]);
  if (!attempt) return { action: 'missing' };
  const now = deps.clock.now();
  if (attempt.status === 'running') {
    if (attempt.leaseExpiresAt && attempt.leaseExpiresAt.getTime() <= now.getTime()) {
      return (await recoverStaleAttempt(deps, ref)) ? { action: 'recovered' } : { action: 'noop', reason: 'attempt already recovered' };
    }
    return { action: 'noop', reason: 'attempt is running elsewhere' };
  }
  if (attempt.status !== 'pending') return { action: 'noop', reason: `attempt already ${attempt.status}` };
  if (!run) return { action: 'missing' };
  if (run.status !== 'running') return { action: 'noop', reason: `run is ${run.status}` };
  const gateIndex = run.workflow.gates.findIndex((g) => g.gate === ref.gateId);

  const running: GateAttempt = { ...attempt, status: 'running', startedAt: now, workerId: deps.settings.workerId };
  // The claim and its gate_started event are one state change (one commit).
  const claimed = await atomically(deps, async () => {
    const won = await deps.store.claimAttempt(attempt.id, {
      workerId: deps.settings.workerId,
      leaseExpiresAt: new Date(now.getTime() + deps.settings.leaseMs),
      startedAt: now,
    });
    if (!won) return false;
    // scheduleAttempt already pointed the run at this gate; the write is only needed when it did not.
    if (run.currentGate !== ref.gateId) await deps.store.updateRun(run.id, { currentGate: ref.gateId }, ['running']);
    await deps.events.publish(run.id, 'gate_started', { ...gatePayload(running), trigger: attempt.trigger, model_override: attempt.modelOverride });
    return true;
  });
  if (!claimed) return { action: 'noop', reason: 'another worker claimed the attempt' };

  const controller = new AbortController();
  deps.active.register(run.id, attempt.id, controller);
  const heartbeat = setInterval(() => {
    const until = new Date(deps.clock.now().getTime() + deps.settings.leaseMs);
    deps.store
      .renewLease(attempt.id, deps.settings.workerId, until)
      .then((stillOurs) => {
        if (!stillOurs) controller.abort(new Error('the attempt lease was lost'));
      })
      .catch(() => undefined); // a missed heartbeat is retried at the next tick
  }, deps.settings.heartbeatMs);
  heartbeat.unref?.();
  const output = createOutputCoalescer(deps, running);
  const progress = createProgressRecorder(deps, attempt.id);

  let result: Awaited<ReturnType<EngineDeps['runGate']>>;
  /** The workspace whose buffered writes are stored with the outcome (only when the gate ran to the end). */
  let written: Workspace | undefined;
  try {
    if (gateIndex < 0) throw new Error(`gate ${ref.gateId} is not part of the run's workflow ${run.workflow.workflow}@${run.workflow.version}`);
    const [workspace, { priorGates, previousAttempt }] = await Promise.all([deps.workspaces.forRun(run.id), attemptHistory(deps, run, running)]);
    const budget = effectiveBudget(deps, run);
    result = await deps.runGate({
      run,
      gate: run.workflow.gates[gateIndex],
      attempt: running,
      workspace,
      settings: deps.settings,
      models: deps.models,
      remainingBudgetPico: budget === null ? undefined : maxZero(parseUsd(budget) - realSpendPico(run.totals)),
      signal: controller.signal,
      isCancelled: cancellationCheck(deps, run.id),
      onText: output.push,
      onProgress: progress.record,
      priorGates,
      previousAttempt,
      now: () => deps.clock.now(),
    });
    written = workspace;
  } catch (error) {
    // A bug or a storage failure: the attempt fails cleanly instead of staying `running` forever. A lost connection
    // is an infrastructure failure (retried without costing the gate an attempt); anything else is the spec's or ours.
    const finished = deps.clock.now();
    result = {
      completion: {
        status: 'failed',
        agentSlug: null,
        modelId: null,
        modelProvider: null,
        promptPacket: null,
        rawOutput: { error: (error as Error).message },
        validationResults: null,
        failCodes: [failCodeForError(error)],
        tokensIn: 0,
        tokensOut: 0,
        costUsd: '0.00',
        durationMs: finished.getTime() - now.getTime(),
        simulated: false,
        routing: [],
        completedAt: finished,
      },
      artifacts: [],
    };
  } finally {
    clearInterval(heartbeat);
    deps.active.unregister(run.id, attempt.id);
    await output.flush();
    progress.settled();
  }

  // Outcome, artifacts, files, totals, the result event and what follows (next attempt, retry, pause, completion)
  // are one state change: one commit, events and queue jobs sent after it. A superseded attempt writes nothing.
  const outcome = result;
  const completed = await atomically(deps, async () => {
    if (!(await deps.store.completeAttempt(attempt.id, outcome.completion, outcome.artifacts))) return false;
    await written?.flush?.();
    await afterAttempt(deps, run.id, { ...running, ...outcome.completion }, run);
    return true;
  });
  if (!completed) return { action: 'superseded' };
  return { action: 'executed', status: result.completion.status };
}

/**
 * Fails a `running` attempt whose worker is gone (fail code WORKER_LOST unless given) and lets the lifecycle retry
 * it. Returns false when the attempt was not running any more (nothing to do).
 */
export async function recoverStaleAttempt(
  deps: EngineDeps,
  ref: AttemptRef,
  failCode: string = FAIL_CODES.WORKER_LOST,
  reason = 'the worker running this attempt stopped before finishing it',
): Promise<boolean> {
  const attempt = await deps.store.getAttempt(ref);
  if (!attempt || attempt.status !== 'running') return false;
  const now = deps.clock.now();
  const failed = await deps.store.updateAttempt(
    attempt.id,
    {
      status: 'failed',
      failCodes: [failCode],
      statusReason: reason,
      completedAt: now,
      durationMs: attempt.startedAt ? now.getTime() - attempt.startedAt.getTime() : null,
    },
    ['running'],
  );
  if (!failed) return false;
  await afterAttempt(deps, ref.runId, { ...attempt, status: 'failed', failCodes: [failCode], statusReason: reason, completedAt: now });
  return true;
}

/** Sweeps every attempt whose lease expired (run this periodically or when a worker starts). */
export async function recoverExpiredAttempts(deps: EngineDeps, limit = 100): Promise<number> {
  const expired = await deps.store.listExpiredAttempts(deps.clock.now(), limit);
  let recovered = 0;
  for (const ref of expired) if (await recoverStaleAttempt(deps, ref)) recovered++;
  return recovered;
}

/** isCancelled for one attempt: reads the run's status at most every `cancelCheckMs` (0 = at every call). */
function cancellationCheck(deps: EngineDeps, runId: string): () => Promise<boolean> {
  const every = deps.settings.cancelCheckMs ?? 0;
  // The run was read as running when the attempt was claimed, so the first read can wait a full interval.
  let checkedAt = every > 0 ? deps.clock.now().getTime() : Number.NEGATIVE_INFINITY;
  return async () => {
    const now = deps.clock.now().getTime();
    if (every > 0 && now - checkedAt < every) return false;
    checkedAt = now;
    return (await deps.store.getRunStatus(runId)) === 'cancelled';
  };
}

/** Earlier gates' statuses and, on a retry, what the previous attempt of this gate got wrong. */
async function attemptHistory(deps: EngineDeps, run: RunSnapshot, attempt: GateAttempt) {
  const attempts = await deps.store.listAttempts(run.id);
  const latest = latestByGate(attempts.filter((a) => a.gateOrder < attempt.gateOrder));
  const priorGates = run.workflow.gates
    .filter((gate) => latest.has(gate.gate))
    .map((gate) => ({ gate: gate.gate, name: gate.name, status: latest.get(gate.gate)!.status, outputs: gate.outputs ?? [] }));
  let previousAttempt: GateRunInput['previousAttempt'];
  if (attempt.attemptNumber > 1) {
    const previous = await deps.store.getAttempt({ runId: run.id, gateId: attempt.gateId, attemptNumber: attempt.attemptNumber - 1 });
    if (previous && previous.status === 'failed') {
      previousAttempt = { attemptNumber: previous.attemptNumber, failCodes: previous.failCodes, statusReason: previous.statusReason, validationResults: previous.validationResults };
    }
  }
  return { priorGates, previousAttempt };
}

/** What follows a finished attempt: events, totals, then next gate, retry, or pause. */
async function afterAttempt(deps: EngineDeps, runId: string, attempt: GateAttemptSummary, known?: RunSnapshot): Promise<void> {
  const recomputed = await recomputeTotals(deps, runId, known);
  const totals = recomputed?.totals ?? null;
  const type = attempt.status === 'passed' ? 'gate_passed' : attempt.status === 'warning' ? 'gate_warning' : 'gate_failed';
  await deps.events.publish(runId, type, {
    ...gatePayload(attempt),
    fail_codes: attempt.failCodes,
    infrastructure: isInfrastructureFailure(attempt),
    tokens_in: attempt.tokensIn,
    tokens_out: attempt.tokensOut,
    cost_usd: attempt.costUsd,
    duration_ms: attempt.durationMs,
    simulated: attempt.simulated,
    run_cost_usd: totals?.totalCostUsd,
  });

  // The run as it is now: the snapshot read for this attempt with fresh totals and status (only those change).
  const current = await currentRun(deps, runId, recomputed, known);
  if (attempt.status === 'passed' || attempt.status === 'warning') {
    await advanceRun(deps, runId, { known: current && recomputed ? { run: current, attempts: recomputed.attempts } : undefined });
    return;
  }
  const run = current ?? (await deps.store.getRun(runId));
  if (!run || run.status !== 'running') return; // cancelled or paused meanwhile: nothing follows
  if (attempt.failCodes.includes(FAIL_CODES.CANCELLED)) return;
  if (attempt.failCodes.includes(FAIL_CODES.BUDGET_EXCEEDED)) {
    await pauseRun(deps, run, budgetReason(deps, run), attempt.gateId);
    return;
  }
  const index = run.workflow.gates.findIndex((g) => g.gate === attempt.gateId);
  if (isInfrastructureFailure(attempt) && index >= 0) {
    if (await pauseIfOverBudget(deps, run)) return;
    await retryAfterInfrastructureFailure(deps, run, run.workflow.gates[index], index, attempt);
    return;
  }
  if (attempt.attemptNumber < attempt.maxAttempts && index >= 0) {
    if (await pauseIfOverBudget(deps, run)) return;
    await scheduleRetry(deps, run, run.workflow.gates[index], index, attempt);
    return;
  }
  await pauseRun(deps, run, await exhaustedReason(deps, attempt), attempt.gateId);
}

/**
 * After an attempt ended by infrastructure: the same gate again, on the same model tier, with one more slot in
 * max_attempts (so the quality budget is untouched), after a back-off — or, once the gate's infrastructure budget
 * is spent, a pause that says so (INFRA_RETRIES_EXHAUSTED).
 */
async function retryAfterInfrastructureFailure(deps: EngineDeps, run: RunSnapshot, gate: WorkflowGateSnapshot, index: number, failed: GateAttemptSummary): Promise<void> {
  const gateAttempts = (await deps.store.listAttempts(run.id)).filter((a) => a.gateId === gate.gate);
  const policy = deps.settings.infraRetry;
  const decision = infraRetryDecision(gateAttempts, deps.clock.now(), policy);
  if (!decision.retry) {
    const codes = [...new Set(gateAttempts.filter(isInfrastructureFailure).flatMap((a) => a.failCodes))].join(', ');
    const minutes = Math.round(policy.windowMs / 60_000);
    const reason = `${FAIL_CODES.INFRA_RETRIES_EXHAUSTED}: ${gate.gate} ${gate.name} lost ${decision.used} attempts to infrastructure (${codes}) within ${minutes} min; the gate itself did not fail — resume once the platform is healthy`;
    await pauseRun(deps, run, reason, gate.gate, FAIL_CODES.INFRA_RETRIES_EXHAUSTED);
    return;
  }
  const next = await scheduleAttempt(
    deps,
    run,
    gate,
    index,
    { attemptNumber: failed.attemptNumber + 1, maxAttempts: failed.maxAttempts + 1, trigger: 'infra_retry', escalation: failed.escalation, modelOverride: failed.modelOverride },
    decision.delayMs,
  );
  if (next) {
    await deps.events.publish(run.id, 'gate_retrying', {
      ...gatePayload(next),
      previous_fail_codes: failed.failCodes,
      escalation: next.escalation,
      infrastructure: true,
      delay_ms: decision.delayMs,
      infra_retries_used: decision.used,
      infra_retry_limit: policy.limit,
    });
  }
}

async function scheduleRetry(deps: EngineDeps, run: RunSnapshot, gate: WorkflowGateSnapshot, index: number, failed: GateAttemptSummary): Promise<void> {
  const escalate = run.workflow.qa_config?.escalate_on_retry ?? deps.settings.escalateOnRetry;
  const next = await scheduleAttempt(deps, run, gate, index, {
    attemptNumber: failed.attemptNumber + 1,
    maxAttempts: failed.maxAttempts,
    trigger: 'retry',
    escalation: failed.escalation + (escalate ? 1 : 0),
  });
  if (next) {
    await deps.events.publish(run.id, 'gate_retrying', {
      ...gatePayload(next),
      previous_fail_codes: failed.failCodes,
      escalation: next.escalation,
    });
  }
}

/** Creates (idempotently) and enqueues an attempt; returns it when this call created it. */
async function scheduleAttempt(
  deps: EngineDeps,
  run: RunSnapshot,
  gate: WorkflowGateSnapshot,
  index: number,
  spec: { attemptNumber: number; maxAttempts: number; trigger: GateAttempt['trigger']; escalation: number; modelOverride?: string | null },
  delayMs = 0,
): Promise<GateAttempt | null> {
  const { attempt, created } = await deps.store.createAttempt(
    {
      ...newAttemptBase(deps, run, gate, index, spec.attemptNumber),
      maxAttempts: spec.maxAttempts,
      trigger: spec.trigger,
      status: 'pending',
      escalation: spec.escalation,
      modelOverride: spec.modelOverride ?? null,
    },
    deps.clock.now(),
  );
  await deps.store.updateRun(run.id, { currentGate: gate.gate }, ['running']);
  if (attempt.status === 'pending') await deps.queue.enqueueAttempt(refOf(attempt), delayMs > 0 ? { delayMs } : undefined);
  return created ? attempt : null;
}

async function completeRun(deps: EngineDeps, run: RunSnapshot, known: RunTotals | null = null): Promise<void> {
  if (deps.sweep && !(await sweepIntact(deps, run, deps.sweep))) return;
  const totals = known ?? (await refreshTotals(deps, run.id));
  const done = await deps.store.updateRun(run.id, { status: 'completed', completedAt: deps.clock.now(), currentGate: null, pauseReason: null }, ['running']);
  if (done) await deps.events.publish(run.id, 'run_completed', { totals: totals ? totalsPayload(totals) : null });
}

/**
 * Re-checks every gate that passed on its own against the final workspace and stores the result with the run. A
 * regression pauses the run with REGRESSED_AFTER_PASS; so does a sweep that cannot run (nothing unverified completes).
 */
async function sweepIntact(deps: EngineDeps, run: RunSnapshot, sweep: IntegritySweeper): Promise<boolean> {
  const code = FAIL_CODES.REGRESSED_AFTER_PASS;
  let result: IntegritySweep;
  try {
    const attempts = deps.store.listAttemptOutcomes ? await deps.store.listAttemptOutcomes(run.id) : await finishedAttempts(deps, run.id);
    result = await sweep({ run, attempts, workspace: await deps.workspaces.forRun(run.id), now: deps.clock.now() });
  } catch (error) {
    await pauseRun(deps, run, `${code}: the final integrity sweep could not run: ${(error as Error).message}`, null, code);
    return false;
  }
  if (!(await deps.store.updateRun(run.id, { integritySweep: result }, ['running']))) return false;
  if (result.outcome === 'intact') return true;
  await pauseRun(deps, run, regressionReason(result), result.regressions[0].gate_id, code);
  return false;
}

/** Every finished attempt in full, one read each (stores without `listAttemptOutcomes`). */
async function finishedAttempts(deps: EngineDeps, runId: string): Promise<GateAttempt[]> {
  const summaries = await deps.store.listAttempts(runId);
  const attempts = await Promise.all(summaries.filter((a) => a.completedAt).map((a) => deps.store.getAttempt(refOf(a))));
  return attempts.filter((attempt): attempt is GateAttempt => attempt !== null);
}

async function pauseRun(deps: EngineDeps, run: RunSnapshot, reason: string, gateId: string | null, failCode?: string): Promise<void> {
  const paused = await deps.store.updateRun(run.id, { status: 'paused', pauseReason: reason }, ['running']);
  if (paused) await deps.events.publish(run.id, 'run_paused', { reason, gate_id: gateId, ...(failCode ? { fail_code: failCode } : {}) });
}

/** `run` must have been read after the latest totals refresh (every caller reads it just before). */
async function pauseIfOverBudget(deps: EngineDeps, run: RunSnapshot): Promise<boolean> {
  const fresh = run;
  const budget = effectiveBudget(deps, fresh);
  if (budget === null || realSpendPico(fresh.totals) < parseUsd(budget)) return false;
  await pauseRun(deps, fresh, budgetReason(deps, fresh), fresh.currentGate);
  return true;
}

/**
 * Recomputes the run's totals from its attempts (idempotent, so a retried job cannot double-count). `known`, a
 * snapshot of the run read earlier, saves the read: only its workflow (pinned) and `simulated` (never reset) are used.
 */
export async function refreshTotals(deps: EngineDeps, runId: string, known?: RunSnapshot): Promise<RunTotals | null> {
  return (await recomputeTotals(deps, runId, known))?.totals ?? null;
}

/** refreshTotals, also handing back the attempts it read and the `simulated` flag it wrote. */
async function recomputeTotals(
  deps: EngineDeps,
  runId: string,
  known?: RunSnapshot,
): Promise<{ totals: RunTotals; attempts: GateAttemptSummary[]; simulated: boolean; running: boolean } | null> {
  const run = known ?? (await deps.store.getRun(runId));
  if (!run) return null;
  const attempts = await deps.store.listAttempts(runId);
  const latest = latestByGate(attempts);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const attempt of latest.values()) {
    if (attempt.status === 'passed' || attempt.status === 'warning') passed++;
    else if (attempt.status === 'failed') failed++;
    else if (attempt.status === 'skipped') skipped++;
  }
  let cost = 0n;
  let simulatedCost = 0n;
  let tokensIn = 0;
  let tokensOut = 0;
  for (const attempt of attempts) {
    cost += parseUsd(attempt.costUsd || '0');
    if (attempt.simulated) simulatedCost += parseUsd(attempt.costUsd || '0');
    tokensIn += attempt.tokensIn;
    tokensOut += attempt.tokensOut;
  }
  const totals: RunTotals = {
    totalGates: run.workflow.gates.length,
    passedGates: passed,
    failedGates: failed,
    skippedGates: skipped,
    tokensIn,
    tokensOut,
    totalCostUsd: formatUsd(cost),
    simulatedCostUsd: formatUsd(simulatedCost),
  };
  const simulated = run.simulated || attempts.some((a) => a.simulated);
  // Conditional on `running` first: when it applies, the run is known to be running (in a unit of work its row
  // stays locked until the commit), which saves the status read that follows an attempt. Totals are written
  // whatever the status, so a paused or cancelled run gets them unconditionally.
  const running = await deps.store.updateRun(runId, { totals, simulated }, ['running']);
  if (!running) await deps.store.updateRun(runId, { totals, simulated });
  return { totals, attempts, simulated, running };
}

/**
 * The run after an attempt's totals were recomputed: `known` (read when the attempt started; its workflow is pinned)
 * with the new totals and a fresh status read (a cancel or pause may have happened meanwhile). Null without `known`.
 */
async function currentRun(
  deps: EngineDeps,
  runId: string,
  recomputed: { totals: RunTotals; simulated: boolean; running: boolean } | null,
  known?: RunSnapshot,
): Promise<RunSnapshot | null> {
  if (!known || !recomputed) return null;
  const status = recomputed.running ? 'running' : await deps.store.getRunStatus(runId);
  return status === null ? null : { ...known, status, totals: recomputed.totals, simulated: recomputed.simulated };
}

/** Runs `work` in the host's unit of work (one transaction) when it has one. */
function atomically<T>(deps: EngineDeps, work: () => Promise<T>): Promise<T> {
  return deps.unitOfWork ? deps.unitOfWork.atomically(work) : work();
}

// ───────────────────────────── operator actions ─────────────────────────────

export interface RerunRequest {
  runId: string;
  gateId: string;
  actor: Actor;
  /** Run the new attempt on this model (router step 1). */
  modelId?: string | null;
  reason?: string | null;
}

/**
 * A new attempt of one gate, optionally on another model. Allowed when the run is paused, failed or completed and
 * nothing is running. The run becomes `running`; after this gate the run continues with the first unfinished gate.
 * The rerun is a single attempt (no automatic retries): the operator stays in control of the spend.
 */
export async function rerunGate(deps: EngineDeps, request: RerunRequest): Promise<GateAttempt> {
  const run = await requireRun(deps, request.runId);
  const index = requireGateIndex(run, request.gateId);
  if (!['paused', 'failed', 'completed'].includes(run.status)) {
    throw new LifecycleError('CONFLICT', `run ${run.id} is ${run.status}; a gate can be rerun when the run is paused, failed or completed`);
  }
  const attempts = await deps.store.listAttempts(run.id);
  assertNothingActive(attempts);
  const previous = latestByGate(attempts).get(request.gateId);
  const attemptNumber = (previous?.attemptNumber ?? 0) + 1;
  const wasStatus = run.status;
  const resumed = await deps.store.updateRun(run.id, { status: 'running', pauseReason: null, completedAt: null }, [wasStatus]);
  if (!resumed) throw new LifecycleError('CONFLICT', `run ${run.id} changed state meanwhile; try again`);
  const gate = run.workflow.gates[index];
  const { attempt } = await deps.store.createAttempt(
    {
      ...newAttemptBase(deps, run, gate, index, attemptNumber),
      maxAttempts: attemptNumber,
      trigger: 'rerun',
      status: 'pending',
      modelOverride: request.modelId ?? null,
      escalation: 0,
    },
    deps.clock.now(),
  );
  await deps.store.updateRun(run.id, { currentGate: gate.gate }, ['running']);
  await recordAction(deps, run.id, 'rerun', request.actor, request.reason ?? null, gate.gate, attempt.id, {
    model_id: request.modelId ?? null,
    attempt_number: attemptNumber,
    previous_run_status: wasStatus,
  });
  await deps.events.publish(run.id, 'run_resumed', { by: request.actor.id, action: 'rerun', gate_id: gate.gate });
  await deps.queue.enqueueAttempt(refOf(attempt));
  return attempt;
}

export interface GateDecisionRequest {
  runId: string;
  gateId: string;
  actor: Actor;
  reason: string;
}

/**
 * Marks a gate skipped (reason required): its latest failed or pending attempt becomes `skipped`, or — for a gate
 * not reached yet — a skipped row is created. A paused run resumes and continues with the next gate.
 */
export async function skipGate(deps: EngineDeps, request: GateDecisionRequest): Promise<GateAttemptSummary> {
  const reason = requireReason(request.reason, 'skip');
  const run = await requireRun(deps, request.runId);
  const index = requireGateIndex(run, request.gateId);
  if (run.status !== 'paused' && run.status !== 'running') {
    throw new LifecycleError('CONFLICT', `run ${run.id} is ${run.status}; gates can be skipped while the run is paused or running`);
  }
  const gate = run.workflow.gates[index];
  const latest = latestByGate(await deps.store.listAttempts(run.id)).get(gate.gate);
  const statusReason = `skipped by ${request.actor.display ?? request.actor.id}: ${reason}`;
  let skipped: GateAttemptSummary;
  if (!latest) {
    const { attempt } = await deps.store.createAttempt(
      { ...newAttemptBase(deps, run, gate, index, 1), trigger: 'operator_skip', status: 'skipped', statusReason, overriddenBy: request.actor.id },
      deps.clock.now(),
    );
    skipped = attempt;
  } else {
    if (latest.status !== 'failed' && latest.status !== 'pending') {
      throw new LifecycleError('CONFLICT', `gate ${gate.gate} attempt ${latest.attemptNumber} is ${latest.status}; only a failed or waiting gate can be skipped`);
    }
    const ok = await deps.store.updateAttempt(latest.id, { status: 'skipped', statusReason, overriddenBy: request.actor.id, completedAt: deps.clock.now() }, [latest.status]);
    if (!ok) throw new LifecycleError('CONFLICT', `gate ${gate.gate} changed state meanwhile; try again`);
    skipped = { ...latest, status: 'skipped', statusReason, overriddenBy: request.actor.id };
  }
  await recordAction(deps, run.id, 'skip', request.actor, reason, gate.gate, skipped.id, { attempt_number: skipped.attemptNumber, previous_status: latest?.status ?? null });
  await deps.events.publish(run.id, 'gate_skipped', { ...gatePayload(skipped), reason: statusReason, by: request.actor.id });
  await refreshTotals(deps, run.id);
  await continueAfterDecision(deps, run, request.actor, 'skip');
  return skipped;
}

/**
 * Accepts a failed (or warning) gate as passed (reason required). The attempt keeps its fail codes and validation
 * results as evidence; its status becomes `passed` with who approved it and why. A paused run resumes.
 */
export async function approveGate(deps: EngineDeps, request: GateDecisionRequest): Promise<GateAttemptSummary> {
  const reason = requireReason(request.reason, 'approve');
  const run = await requireRun(deps, request.runId);
  const index = requireGateIndex(run, request.gateId);
  if (run.status !== 'paused' && run.status !== 'running') {
    throw new LifecycleError('CONFLICT', `run ${run.id} is ${run.status}; gates can be approved while the run is paused or running`);
  }
  const gate = run.workflow.gates[index];
  const latest = latestByGate(await deps.store.listAttempts(run.id)).get(gate.gate);
  if (!latest || (latest.status !== 'failed' && latest.status !== 'warning')) {
    throw new LifecycleError('CONFLICT', `gate ${gate.gate} has ${latest ? `attempt ${latest.attemptNumber} ${latest.status}` : 'not run yet'}; only a failed or warning attempt can be approved`);
  }
  const statusReason = `approved by ${request.actor.display ?? request.actor.id}: ${reason}`;
  const ok = await deps.store.updateAttempt(latest.id, { status: 'passed', statusReason, overriddenBy: request.actor.id }, [latest.status]);
  if (!ok) throw new LifecycleError('CONFLICT', `gate ${gate.gate} changed state meanwhile; try again`);
  const approved: GateAttemptSummary = { ...latest, status: 'passed', statusReason, overriddenBy: request.actor.id };
  await recordAction(deps, run.id, 'approve', request.actor, reason, gate.gate, latest.id, { attempt_number: latest.attemptNumber, previous_status: latest.status, fail_codes: latest.failCodes });
  await deps.events.publish(run.id, 'gate_passed', { ...gatePayload(approved), approved_by: request.actor.id, reason: statusReason, fail_codes: latest.failCodes });
  await refreshTotals(deps, run.id);
  await continueAfterDecision(deps, run, request.actor, 'approve');
  return approved;
}

export interface RunActionRequest {
  runId: string;
  actor: Actor;
  reason?: string | null;
}

/**
 * Cancels a pending, running or paused run. Waiting attempts become `skipped`; a running attempt is stopped (at once
 * in this process, at its next tool round elsewhere) and recorded as failed with CANCELLED.
 */
export async function cancelRun(deps: EngineDeps, request: RunActionRequest): Promise<void> {
  const run = await requireRun(deps, request.runId);
  const cancellable: RunStatus[] = ['pending', 'running', 'paused'];
  if (!cancellable.includes(run.status)) throw new LifecycleError('CONFLICT', `run ${run.id} is already ${run.status}`);
  const now = deps.clock.now();
  const ok = await deps.store.updateRun(run.id, { status: 'cancelled', completedAt: now, pauseReason: null }, cancellable);
  if (!ok) throw new LifecycleError('CONFLICT', `run ${run.id} changed state meanwhile; try again`);
  for (const attempt of await deps.store.listAttempts(run.id)) {
    if (attempt.status === 'pending') {
      await deps.store.updateAttempt(attempt.id, { status: 'skipped', statusReason: 'run cancelled before this attempt started', completedAt: now }, ['pending']);
    }
  }
  const stopped = deps.active.abortRun(run.id, 'the run was cancelled');
  await recordAction(deps, run.id, 'cancel', request.actor, request.reason ?? null, null, null, { previous_status: run.status, attempts_stopped_here: stopped });
  await deps.events.publish(run.id, 'run_cancelled', { by: request.actor.id, reason: request.reason ?? null, previous_status: run.status });
}

/**
 * paused → running, continuing where the run stopped: a gate that exhausted its attempts gets one more attempt,
 * a budget pause continues with the next gate (give `budgetUsd` to raise the budget; otherwise a run still over
 * budget pauses again at once).
 */
export async function resumeRun(deps: EngineDeps, request: RunActionRequest & { budgetUsd?: string | null }): Promise<void> {
  const run = await requireRun(deps, request.runId);
  if (run.status !== 'paused') throw new LifecycleError('CONFLICT', `run ${run.id} is ${run.status}; only a paused run can be resumed`);
  if (request.budgetUsd !== undefined && request.budgetUsd !== null) {
    try {
      parseUsd(request.budgetUsd);
    } catch {
      throw new LifecycleError('INVALID', `budget_usd "${request.budgetUsd}" is not a decimal amount in USD`);
    }
  }
  const patch = { status: 'running' as const, pauseReason: null, ...(request.budgetUsd ? { budgetUsd: request.budgetUsd } : {}) };
  const ok = await deps.store.updateRun(run.id, patch, ['paused']);
  if (!ok) throw new LifecycleError('CONFLICT', `run ${run.id} changed state meanwhile; try again`);
  await recordAction(deps, run.id, 'resume', request.actor, request.reason ?? null, null, null, {
    previous_pause_reason: run.pauseReason,
    budget_usd: request.budgetUsd ?? null,
  });
  await deps.events.publish(run.id, 'run_resumed', { by: request.actor.id, action: 'resume', previous_pause_reason: run.pauseReason });
  await advanceRun(deps, run.id, { resumed: true });
}

/** Marks a run failed for a reason outside any gate (e.g. its spec could not be loaded). */
export async function failRun(deps: EngineDeps, runId: string, reason: string): Promise<boolean> {
  const ok = await deps.store.updateRun(runId, { status: 'failed', pauseReason: reason, completedAt: deps.clock.now() }, ['pending', 'running', 'paused']);
  if (ok) await deps.events.publish(runId, 'run_failed', { reason });
  return ok;
}

async function continueAfterDecision(deps: EngineDeps, run: RunSnapshot, actor: Actor, action: OperatorActionKind): Promise<void> {
  if (run.status === 'paused') {
    const resumed = await deps.store.updateRun(run.id, { status: 'running', pauseReason: null }, ['paused']);
    if (resumed) await deps.events.publish(run.id, 'run_resumed', { by: actor.id, action });
  }
  await advanceRun(deps, run.id);
}

async function recordAction(
  deps: EngineDeps,
  runId: string,
  action: OperatorActionKind,
  actor: Actor,
  reason: string | null,
  gateId: string | null,
  attemptId: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  const at = deps.clock.now();
  await deps.store.recordOperatorAction({ runId, gateId, attemptId, action, actor, reason, details, at });
  await deps.events.publish(runId, 'operator_action', { action, by: actor.id, by_name: actor.display ?? null, reason, gate_id: gateId, attempt_id: attemptId, details, at: at.toISOString() });
}

// ───────────────────────────── helpers ─────────────────────────────

/** The latest attempt of each gate (highest attempt number). */
export function latestByGate<T extends GateAttemptSummary>(attempts: T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const attempt of attempts) {
    const current = latest.get(attempt.gateId);
    if (!current || attempt.attemptNumber > current.attemptNumber) latest.set(attempt.gateId, attempt);
  }
  return latest;
}

/** The budget in force: the run's own, else the workflow's cost profile, else the platform default. */
export function effectiveBudget(deps: Pick<EngineDeps, 'settings'>, run: RunSnapshot): string | null {
  return run.budgetUsd ?? run.workflow.cost_profile?.budget_usd ?? deps.settings.defaultBudgetUsd;
}

function maxAttemptsFor(deps: EngineDeps, run: RunSnapshot, gate: WorkflowGateSnapshot): number {
  const value = gate.max_attempts ?? run.workflow.qa_config?.max_attempts ?? deps.settings.defaultMaxAttempts;
  return Math.max(1, Math.floor(value));
}

function newAttemptBase(deps: EngineDeps, run: RunSnapshot, gate: WorkflowGateSnapshot, index: number, attemptNumber: number) {
  return {
    runId: run.id,
    gateId: gate.gate,
    attemptNumber,
    gateName: gate.name,
    phase: gate.phase,
    gateOrder: index + 1,
    maxAttempts: maxAttemptsFor(deps, run, gate),
  };
}

function refOf(attempt: AttemptRef): AttemptRef {
  return { runId: attempt.runId, gateId: attempt.gateId, attemptNumber: attempt.attemptNumber };
}

/** Run totals as event payloads carry them: snake_case like every other field of the API. */
function totalsPayload(totals: RunTotals) {
  return {
    total_gates: totals.totalGates,
    passed_gates: totals.passedGates,
    failed_gates: totals.failedGates,
    skipped_gates: totals.skippedGates,
    tokens_in: totals.tokensIn,
    tokens_out: totals.tokensOut,
    total_cost_usd: totals.totalCostUsd,
  };
}

function gatePayload(attempt: GateAttemptSummary) {
  return {
    gate_id: attempt.gateId,
    gate_name: attempt.gateName,
    phase: attempt.phase,
    gate_order: attempt.gateOrder,
    attempt_id: attempt.id,
    attempt_number: attempt.attemptNumber,
    max_attempts: attempt.maxAttempts,
    status: attempt.status,
  };
}

/** "G5 Content Complete failed 3 of 3 attempts: codes", counting only attempts the model is answerable for. */
async function exhaustedReason(deps: EngineDeps, attempt: GateAttemptSummary): Promise<string> {
  const gateAttempts = (await deps.store.listAttempts(attempt.runId)).filter((a) => a.gateId === attempt.gateId && a.attemptNumber <= attempt.attemptNumber);
  const quality = Math.max(1, qualityAttempts(gateAttempts).length);
  const lost = gateAttempts.filter(isInfrastructureFailure).length;
  const codes = attempt.failCodes.length > 0 ? `: ${attempt.failCodes.join(', ')}` : '';
  const infra = lost > 0 ? ` (and ${lost} lost to infrastructure, not counted)` : '';
  return `${attempt.gateId} ${attempt.gateName} failed ${quality} of ${quality} attempt${quality === 1 ? '' : 's'}${codes}${infra}`;
}

function budgetReason(deps: EngineDeps, run: RunSnapshot): string {
  return `${FAIL_CODES.BUDGET_EXCEEDED}: spent ${formatUsd(realSpendPico(run.totals))} USD of a ${effectiveBudget(deps, run) ?? 'unlimited'} USD budget`;
}

/** What a budget counts: real spend only (simulated calls are never charged). */
export function realSpendPico(totals: RunTotals): bigint {
  return parseUsd(totals.totalCostUsd) - parseUsd(totals.simulatedCostUsd ?? '0');
}

function emptyTotals(run: RunSnapshot): RunTotals {
  return { totalGates: run.workflow.gates.length, passedGates: 0, failedGates: 0, skippedGates: 0, tokensIn: 0, tokensOut: 0, totalCostUsd: '0.00' };
}

function maxZero(value: bigint): bigint {
  return value < 0n ? 0n : value;
}

async function requireRun(deps: EngineDeps, runId: string): Promise<RunSnapshot> {
  const run = await deps.store.getRun(runId);
  if (!run) throw new LifecycleError('NOT_FOUND', `run ${runId} not found`);
  return run;
}

function requireGateIndex(run: RunSnapshot, gateId: string): number {
  const index = run.workflow.gates.findIndex((g) => g.gate === gateId);
  if (index < 0) throw new LifecycleError('NOT_FOUND', `gate ${gateId} is not part of run ${run.id}`);
  return index;
}

function requireReason(reason: string | undefined | null, action: string): string {
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (!trimmed) throw new LifecycleError('INVALID', `a reason is required to ${action} a gate`);
  if (trimmed.length > 2000) throw new LifecycleError('INVALID', 'the reason is longer than 2000 characters');
  return trimmed;
}

function assertNothingActive(attempts: GateAttemptSummary[]): void {
  const active = attempts.find((a) => !FINISHED_ATTEMPT_STATUSES.includes(a.status));
  if (active) {
    throw new LifecycleError('CONFLICT', `gate ${active.gateId} attempt ${active.attemptNumber} is ${active.status}; wait for it or cancel the run`);
  }
}

/**
 * Stores an attempt's progress after each completed round (when the store can), one write at a time: a round that
 * completes while a write is in flight replaces the snapshot waiting behind it, so the store always ends with the
 * latest and the tool loop never waits. A failed write is dropped; the next round (or the completion) has it all.
 */
function createProgressRecorder(deps: EngineDeps, attemptId: string) {
  let waiting: AttemptProgress | null = null;
  let writing: Promise<void> | null = null;
  const drain = async () => {
    while (waiting) {
      const next = waiting;
      waiting = null;
      await deps.store.recordProgress!(attemptId, deps.settings.workerId, next).catch(() => false);
    }
    writing = null;
  };
  return {
    record: (progress: AttemptProgress) => {
      if (!deps.store.recordProgress) return;
      waiting = progress;
      writing ??= drain();
    },
    /**
     * Drops what has not been sent. A write in flight is not waited for: the outcome supersedes it either way (a
     * progress write is conditional on `running`, and the outcome's update waits for its row lock if it is first).
     */
    settled: () => {
      waiting = null;
    },
  };
}

/** Buffers streamed text per agent and publishes it as gate_output events at most every `outputFlushMs`. */
function createOutputCoalescer(deps: EngineDeps, attempt: GateAttempt) {
  const buffers = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();
  const flushNow = () => {
    timer = undefined;
    for (const [agent, text] of buffers) {
      if (!text) continue;
      buffers.set(agent, '');
      pending = pending
        .then(() => deps.events.publish(attempt.runId, 'gate_output', { gate_id: attempt.gateId, attempt_number: attempt.attemptNumber, agent, text }))
        .catch(() => undefined); // streamed text is best-effort; the raw output keeps everything
    }
  };
  return {
    push: (agent: string, delta: string) => {
      buffers.set(agent, (buffers.get(agent) ?? '') + delta);
      if (!timer) {
        timer = setTimeout(flushNow, deps.settings.outputFlushMs);
        timer.unref?.();
      }
    },
    flush: async () => {
      if (timer) clearTimeout(timer);
      flushNow();
      await pending;
    },
  };
}
