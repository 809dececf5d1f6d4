import type { RunDetailView, SpecStep } from '../data/view-models';
import type { ProgressStep, RunProgress } from './run-progress';

/**
 * The progress state a run page starts from: the spec's steps (names, estimates) overlaid with what the run
 * snapshot says about each. Steps the run has rows for but the spec lacks are kept too.
 */
export function initialProgress(run: RunDetailView, specSteps: readonly SpecStep[] = run.spec?.steps ?? []): RunProgress {
  const steps = new Map<string, ProgressStep>();
  specSteps.forEach((step, index) => {
    steps.set(step.gateId, {
      gateId: step.gateId,
      name: step.name,
      phase: step.phase,
      order: index,
      status: 'pending',
      attempt: 1,
      maxAttempts: 1,
      startedAt: null,
      durationMs: null,
      estimateS: step.estimateS,
      eventId: 0,
    });
  });
  for (const row of run.steps) {
    const known = steps.get(row.gateId);
    const startedAt = row.startedAt ? Date.parse(row.startedAt) : null;
    steps.set(row.gateId, {
      gateId: row.gateId,
      name: row.name || known?.name || row.gateId,
      phase: row.phase || known?.phase || '',
      order: known?.order ?? row.order,
      status: row.status,
      attempt: row.attempt,
      maxAttempts: row.maxAttempts,
      startedAt: Number.isFinite(startedAt) ? startedAt : null,
      durationMs: row.durationMs,
      estimateS: known?.estimateS ?? null,
      eventId: 0,
    });
  }
  const startedAt = run.startedAt ? Date.parse(run.startedAt) : null;
  const completedAt = run.completedAt ? Date.parse(run.completedAt) : null;
  return {
    status: run.status,
    steps: [...steps.values()].sort((a, b) => a.order - b.order),
    lastEventId: run.lastEventId,
    baseEventId: run.lastEventId,
    seenIds: new Set(),
    runEventId: 0,
    pauseReason: run.status === 'paused' ? run.pauseReason : null,
    pausedGateId: null,
    failureReason: run.failureReason ?? (run.status === 'failed' ? run.pauseReason : null),
    simulated: run.simulated,
    startedAt: Number.isFinite(startedAt) ? startedAt : null,
    completedAt: Number.isFinite(completedAt) ? completedAt : null,
  };
}
