import type { GateEventPayload, RunStreamEvent } from './run-events';

/**
 * The live state of one run as the user sees it: steps (the spec's gates) with their status, and the run's own
 * status. Built from the run detail once, then advanced by stream events through `applyRunEvents` — a pure
 * reducer, so duplicate suppression and ordering are decided in one place and tested without a browser.
 */
export type StepStatus = 'pending' | 'running' | 'retrying' | 'passed' | 'warning' | 'failed' | 'skipped';
export type RunStatus = 'pending' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

export interface ProgressStep {
  gateId: string;
  name: string;
  phase: string;
  order: number;
  status: StepStatus;
  attempt: number;
  maxAttempts: number;
  /** Browser clock (ms) when the current attempt started, for the running step's elapsed time. */
  startedAt: number | null;
  durationMs: number | null;
  /** Planned duration from the spec's stage estimates, for the ETA. */
  estimateS: number | null;
  /** Id of the event that last changed this step: an older event arriving late cannot undo a newer one. */
  eventId: number;
}

export interface RunProgress {
  status: RunStatus;
  steps: ProgressStep[];
  /** Highest event id applied: where a reconnection asks the server to resume from. */
  lastEventId: number;
  /** The snapshot already reflects every event up to this id (0 when the API does not say). */
  baseEventId: number;
  /** Ids already applied, so a duplicate (a replay after reconnecting) is never applied twice. */
  seenIds: ReadonlySet<number>;
  /** Id of the event that last changed the run's own status (same late-arrival rule as steps). */
  runEventId: number;
  pauseReason: string | null;
  pausedGateId: string | null;
  failureReason: string | null;
  simulated: boolean;
  startedAt: number | null;
  completedAt: number | null;
}

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export function isFinished(progress: RunProgress): boolean {
  return TERMINAL_STATUSES.includes(progress.status);
}

const STEP_STATUSES: readonly string[] = ['pending', 'running', 'passed', 'warning', 'failed', 'skipped'];
const DONE: readonly StepStatus[] = ['passed', 'warning', 'skipped'];

export function toStepStatus(value: unknown): StepStatus {
  return typeof value === 'string' && STEP_STATUSES.includes(value) ? (value as StepStatus) : 'pending';
}

export function isStepDone(step: ProgressStep): boolean {
  return DONE.includes(step.status);
}

/**
 * Applies events, each at most once. Order does not matter for the outcome: every step and the run itself
 * remember the id of the event that last changed them, and an older event arriving late is ignored for them, so
 * events delivered out of order end in the same state as in order.
 */
export function applyRunEvents(state: RunProgress, events: readonly RunStreamEvent[]): RunProgress {
  const ordered = [...events].sort((a, b) => a.id - b.id);
  return ordered.reduce(applyRunEvent, state);
}

/** Returns the same object when the event changes nothing (a duplicate, or older than what it would change). */
export function applyRunEvent(state: RunProgress, event: RunStreamEvent): RunProgress {
  if (state.seenIds.has(event.id) || event.id <= state.baseEventId) return state;
  const seenIds = new Set(state.seenIds).add(event.id);
  return reduce({ ...state, seenIds, lastEventId: Math.max(state.lastEventId, event.id) }, event);
}

function reduce(state: RunProgress, event: RunStreamEvent): RunProgress {
  const p = event.payload;
  if (p.simulated === true) state = { ...state, simulated: true };
  if (event.type.startsWith('run_') && event.id < state.runEventId) return state;
  if (event.type.startsWith('run_')) state = { ...state, runEventId: event.id };
  switch (event.type) {
    case 'run_started':
      return { ...state, status: state.status === 'pending' ? 'running' : state.status, startedAt: state.startedAt ?? event.receivedAt };
    case 'gate_started':
      return updateStep(running(state, event), event, (step) => ({
        ...step,
        status: 'running',
        attempt: p.attempt_number ?? step.attempt,
        maxAttempts: p.max_attempts ?? step.maxAttempts,
        startedAt: event.receivedAt,
        durationMs: null,
      }));
    case 'gate_retrying':
      return updateStep(state, event, (step) => ({
        ...step,
        status: 'retrying',
        attempt: p.attempt_number ?? step.attempt + 1,
        maxAttempts: p.max_attempts ?? step.maxAttempts,
      }));
    case 'gate_passed':
    case 'gate_warning':
      return updateStep(state, event, (step) => finish(step, event.type === 'gate_passed' ? 'passed' : 'warning', p));
    case 'gate_skipped':
      return updateStep(state, event, (step) => finish(step, 'skipped', p));
    case 'gate_failed': {
      // A failed attempt with tries left is not a failure the user needs to worry about yet.
      const attempt = p.attempt_number ?? 1;
      const max = p.max_attempts ?? attempt;
      return updateStep(state, event, (step) => finish(step, attempt < max ? 'retrying' : 'failed', p));
    }
    case 'run_paused':
      return {
        ...state,
        status: 'paused',
        pauseReason: typeof p.reason === 'string' ? p.reason : state.pauseReason,
        pausedGateId: typeof p.gate_id === 'string' ? p.gate_id : state.pausedGateId,
      };
    case 'run_resumed':
      return { ...state, status: 'running', pauseReason: null, pausedGateId: null };
    case 'run_completed':
      return { ...state, status: 'completed', pauseReason: null, pausedGateId: null, completedAt: event.receivedAt };
    case 'run_failed':
      return { ...state, status: 'failed', failureReason: typeof p.reason === 'string' ? p.reason : state.failureReason, completedAt: event.receivedAt };
    case 'run_cancelled':
      return { ...state, status: 'cancelled', completedAt: event.receivedAt };
    default:
      return state; // gate_output, operator_action and future types change nothing the user sees here
  }
}

function running(state: RunProgress, event: RunStreamEvent): RunProgress {
  // A step starting means the run is going — unless a newer run-level event (pause, end) says otherwise.
  if ((state.status !== 'pending' && state.status !== 'paused') || event.id < state.runEventId) return state;
  return { ...state, status: 'running', pauseReason: null, pausedGateId: null, startedAt: state.startedAt ?? event.receivedAt };
}

function finish(step: ProgressStep, status: StepStatus, p: GateEventPayload): ProgressStep {
  return {
    ...step,
    status,
    attempt: p.attempt_number ?? step.attempt,
    maxAttempts: p.max_attempts ?? step.maxAttempts,
    durationMs: typeof p.duration_ms === 'number' ? p.duration_ms : step.durationMs,
  };
}

/** Changes the step the event is about; a step the snapshot did not know is added in its order. */
function updateStep(state: RunProgress, event: RunStreamEvent, change: (step: ProgressStep) => ProgressStep): RunProgress {
  const p = event.payload;
  if (typeof p.gate_id !== 'string') return state;
  const index = state.steps.findIndex((step) => step.gateId === p.gate_id);
  if (index >= 0) {
    if (event.id < state.steps[index].eventId) return state;
    const steps = [...state.steps];
    steps[index] = { ...change(steps[index]), eventId: event.id };
    return { ...state, steps };
  }
  const added = change({
    gateId: p.gate_id,
    name: p.gate_name ?? p.gate_id,
    phase: p.phase ?? '',
    order: p.gate_order ?? state.steps.length,
    status: 'pending',
    attempt: 1,
    maxAttempts: p.max_attempts ?? 1,
    startedAt: null,
    durationMs: null,
    estimateS: null,
    eventId: event.id,
  });
  const steps = [...state.steps, { ...added, eventId: event.id }].sort((a, b) => a.order - b.order);
  return { ...state, steps };
}

/** The step the run is on: the one working now, else where it stopped, else the next to start. */
export function currentStep(state: RunProgress): ProgressStep | null {
  const active = state.steps.find((step) => step.status === 'running' || step.status === 'retrying');
  if (active) return active;
  if (state.pausedGateId) return state.steps.find((step) => step.gateId === state.pausedGateId) ?? null;
  const failed = state.steps.find((step) => step.status === 'failed');
  if (failed) return failed;
  if (isFinished(state)) return null;
  return state.steps.find((step) => step.status === 'pending') ?? null;
}

export function completedCount(state: RunProgress): number {
  return state.steps.filter(isStepDone).length;
}

/** 0‥1, counting a running step as half done so the bar moves when a step starts. */
export function progressFraction(state: RunProgress): number {
  if (state.status === 'completed') return 1;
  if (state.steps.length === 0) return 0;
  const done = completedCount(state);
  const active = state.steps.some((step) => step.status === 'running' || step.status === 'retrying') ? 0.5 : 0;
  return Math.min(1, (done + active) / state.steps.length);
}

/**
 * Remaining time from the spec's stage estimates, corrected by the pace of this run so far: when the finished
 * steps took half their estimates, the rest is expected to as well. The steps not started count in full, the
 * running one less the time it has already spent (never below a moment while it runs). Null when nothing was
 * estimated.
 */
export function estimateRemainingMs(state: RunProgress, now: number): number | null {
  if (isFinished(state)) return 0;
  const estimated = state.steps.filter((step) => step.estimateS !== null);
  if (estimated.length === 0) return null;
  const average = estimated.reduce((sum, step) => sum + (step.estimateS ?? 0), 0) / estimated.length;
  const pace = observedPace(state.steps);
  let remaining = 0;
  for (const step of state.steps) {
    if (isStepDone(step)) continue;
    const planned = (step.estimateS ?? average) * 1000 * pace;
    if ((step.status === 'running' || step.status === 'retrying') && step.startedAt !== null) {
      remaining += Math.max(planned - (now - step.startedAt), Math.min(3000, planned));
    } else {
      remaining += planned;
    }
  }
  return remaining;
}

/** Actual ÷ estimated time of the steps finished so far (1 before any has a measured time), kept within 1/100‥10. */
export function observedPace(steps: readonly ProgressStep[]): number {
  let actual = 0;
  let planned = 0;
  for (const step of steps) {
    if (!isStepDone(step) || step.status === 'skipped' || !step.durationMs || !step.estimateS) continue;
    actual += step.durationMs;
    planned += step.estimateS * 1000;
  }
  return planned > 0 ? Math.min(10, Math.max(0.01, actual / planned)) : 1;
}
