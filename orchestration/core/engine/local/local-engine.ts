import type { OrchestrationCatalog } from '../../content/loader';
import type { PreScriptRunner } from '../../validation/types';
import { ActiveAttempts, DEFAULT_ENGINE_SETTINGS, type EngineDeps, type EngineSettings } from '../engine-deps';
import { createGateExecutor } from '../gate-executor';
import { createIntegritySweeper } from '../integrity-sweep';
import type { Clock, ModelResolver, RunSnapshot, WorkspaceProvider } from '../ports';
import { systemClock } from '../ports';
import { createAndStartRun, executeAttempt } from '../run-lifecycle';
import { evaluateGateCondition } from '../run-snapshot';
import { LocalJobQueue } from './local-job-queue';
import { MemoryRunStore } from './memory-run-store';
import { RecordingEventSink } from './recording-event-sink';

export interface LocalEngineOptions {
  catalog: Pick<OrchestrationCatalog, 'agents' | 'contracts' | 'profiles' | 'skills'>;
  workspaces: WorkspaceProvider;
  models: ModelResolver;
  settings?: Partial<EngineSettings>;
  runPreScript?: PreScriptRunner;
  /** Attempts executed at once (different runs; a run's gates are sequential). */
  concurrency?: number;
  clock?: Clock;
}

/**
 * The whole engine in one process with no server: memory store, in-process queue, recording event sink, the real
 * gate executor. `esy run` and the engine tests use it.
 */
export function createLocalEngine(options: LocalEngineOptions) {
  const store = new MemoryRunStore();
  const events = new RecordingEventSink();
  const errors: unknown[] = [];
  const queue = new LocalJobQueue({ concurrency: options.concurrency ?? 4, onError: (error) => errors.push(error) });
  const deps: EngineDeps = {
    store,
    events,
    queue,
    workspaces: options.workspaces,
    models: options.models,
    runGate: createGateExecutor({ catalog: options.catalog, runPreScript: options.runPreScript }),
    sweep: createIntegritySweeper({ catalog: options.catalog }),
    evaluateCondition: evaluateGateCondition,
    clock: options.clock ?? systemClock,
    settings: { ...DEFAULT_ENGINE_SETTINGS, ...options.settings },
    active: new ActiveAttempts(),
  };
  queue.setHandler((ref) => executeAttempt(deps, ref));
  return {
    deps,
    store,
    events,
    queue,
    /** Adds the run and starts it; resolves once it is running (use `settle` to wait for it to stop). */
    async start(run: RunSnapshot): Promise<void> {
      await createAndStartRun(deps, run);
    },
    /** Waits until no attempt is queued or running; rethrows the first job error (a bug, not a gate failure). */
    async settle(): Promise<void> {
      await queue.idle();
      if (errors.length > 0) throw errors[0];
    },
  };
}

export type LocalEngine = ReturnType<typeof createLocalEngine>;
