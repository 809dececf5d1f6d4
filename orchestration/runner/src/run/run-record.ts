import type { LocalEngine } from '../../../core/engine/local/local-engine';

/**
 * The full record of a local run, written as `run.json` beside the workspace: the run, every attempt (prompt
 * packets, raw outputs, validation results, routing), every artifact version with its hash, operator actions and
 * the event log. File contents are not repeated here: they are in the workspace folder.
 */
export async function buildRunRecord(engine: LocalEngine, runId: string, extra: Record<string, unknown>) {
  const run = await engine.store.getRun(runId);
  const artifacts = engine.store.artifactsOf(runId).map(({ content: _content, ...rest }) => rest);
  return {
    format: 'esy-run-record/1',
    generated_at: new Date().toISOString(),
    ...extra,
    run,
    attempts: engine.store.fullAttempts(runId),
    artifacts,
    operator_actions: engine.store.actionsOf(runId),
    events: engine.events.ofRun(runId).filter((event) => event.type !== 'gate_output'),
  };
}
