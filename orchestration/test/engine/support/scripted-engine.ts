import { ActiveAttempts, DEFAULT_ENGINE_SETTINGS, type EngineDeps, type GateRunInput, type GateRunOutput } from '../../../core/engine/engine-deps';
import { LocalJobQueue } from '../../../core/engine/local/local-job-queue';
import { MemoryRunStore } from '../../../core/engine/local/memory-run-store';
import { MemoryWorkspaceProvider } from '../../../core/engine/local/disk-workspace-provider';
import { RecordingEventSink } from '../../../core/engine/local/recording-event-sink';
import { executeAttempt } from '../../../core/engine/run-lifecycle';
import type { ModelResolver, RunSnapshot, WorkflowGateSnapshot } from '../../../core/engine/ports';

/** What a scripted gate does on a given attempt. */
export type GateScript = (input: GateRunInput) => Partial<GateRunOutput['completion']> | Promise<Partial<GateRunOutput['completion']>>;

/**
 * A lifecycle under test with real local ports (memory store, in-process queue, recording sink) and a scripted
 * gate runner standing in for prompt + model + validation, so each test decides what every attempt yields.
 */
export function scriptedEngine(gates: WorkflowGateSnapshot[], script: GateScript, runOverrides: Partial<RunSnapshot> = {}) {
  const store = new MemoryRunStore();
  const events = new RecordingEventSink();
  const queue = new LocalJobQueue({ concurrency: 2, onError: (error) => errors.push(error) });
  const errors: unknown[] = [];
  const calls: GateRunInput[] = [];
  const models: ModelResolver = {
    choose: async () => {
      throw new Error('not used by the scripted runner');
    },
  };
  const deps: EngineDeps = {
    store,
    events,
    queue,
    models,
    workspaces: new MemoryWorkspaceProvider(),
    clock: { now: () => new Date() },
    // Infrastructure back-off shortened so retries run at once; its doubling is asserted from the events.
    settings: { ...DEFAULT_ENGINE_SETTINGS, outputFlushMs: 1, infraRetry: { ...DEFAULT_ENGINE_SETTINGS.infraRetry, backoffMs: 2, backoffMaxMs: 16 } },
    active: new ActiveAttempts(),
    evaluateCondition: (expression, run) => {
      const [key, value] = expression.split('==').map((s) => s.trim().replace(/'/g, ''));
      const actual = key === 'mode' ? run.mode : String(run.intent[key]);
      return actual === value ? { run: true, reason: `${expression} is true` } : { run: false, reason: `condition ${expression} is false (${key} = '${actual}')` };
    },
    runGate: async (input) => {
      calls.push(input);
      const result = await script(input);
      return {
        completion: {
          status: 'passed',
          agentSlug: 'scripted-agent',
          modelId: input.attempt.modelOverride ?? 'claude-sonnet-4',
          modelProvider: 'scripted',
          promptPacket: { gate: input.gate.gate },
          rawOutput: { rounds: [] },
          validationResults: { outcome: 'pass', results: [] },
          failCodes: [],
          tokensIn: 100,
          tokensOut: 10,
          costUsd: '0.01',
          durationMs: 5,
          simulated: true,
          routing: [],
          completedAt: new Date(),
          ...result,
        },
        artifacts: [],
      };
    },
  };
  queue.setHandler((ref) => executeAttempt(deps, ref));
  const run: RunSnapshot = {
    id: 'run-1',
    status: 'pending',
    workflow: { workflow: 'test-flow', version: '1.0.0', gates, qa_config: { max_attempts: 3 } },
    intent: { word: 'serendipity' },
    mode: 'historical',
    depth: 'quick',
    slug: 'serendipity',
    budgetUsd: null,
    modelOverride: null,
    currentGate: null,
    pauseReason: null,
    totals: { totalGates: gates.length, passedGates: 0, failedGates: 0, skippedGates: 0, tokensIn: 0, tokensOut: 0, totalCostUsd: '0.00' },
    simulated: false,
    startedAt: null,
    completedAt: null,
    ...runOverrides,
  };
  store.insertRun(run);
  const settle = async () => {
    await queue.idle();
    if (errors.length > 0) throw errors[0];
  };
  return { deps, store, events, queue, calls, run, settle, errors };
}

export const gate = (id: string, extra: Partial<WorkflowGateSnapshot> = {}): WorkflowGateSnapshot => ({ gate: id, name: `Gate ${id}`, phase: 'research', agent: 'scripted-agent', ...extra });
