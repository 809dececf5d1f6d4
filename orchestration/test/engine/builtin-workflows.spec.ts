import { DEPTHS, type Depth } from '../../core/content/contract-schema';
import { loadOrchestration } from '../../core/content/loader';
import type { IntentField, Workflow } from '../../core/content/workflow-schema';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { fixedAdapterResolver } from '../../core/engine/model-resolvers';
import { evaluateGateCondition, newRunSnapshot } from '../../core/engine/run-snapshot';
import { SimulatorAdapter } from '../../core/simulator';

/**
 * Every built-in workflow, in every mode and at every depth, runs to completion on the simulator against the real
 * contracts and the real validator: the simulator's files satisfy every check, and the pipeline wiring (agents,
 * contracts, conditions) holds together.
 */
const catalog = loadOrchestration();
const workflows = [...catalog.workflows.values()].sort((a, b) => a.workflow.localeCompare(b.workflow));

/** A value the field accepts (its default, the first option, or a sample within its limits). */
function sampleValue(field: IntentField): string | number | boolean {
  if (field.default !== undefined) return field.default;
  switch (field.type) {
    case 'enum':
      return field.options![0].value;
    case 'number':
      return field.min ?? 1;
    case 'boolean':
      return false;
    case 'text':
      return 'Keep the tone warm and precise.';
    case 'string': {
      for (const candidate of ['serendipity', 'Serendipity', 'the color blue', 'How do cities cool down?', 'x']) {
        if (field.pattern && !new RegExp(field.pattern).test(candidate)) continue;
        if (field.max_length !== undefined && candidate.length > field.max_length) continue;
        if (field.min_length !== undefined && candidate.length < field.min_length) continue;
        return candidate;
      }
      return 'serendipity';
    }
  }
}

function intentFor(workflow: Workflow, mode: string): Record<string, unknown> {
  const intent: Record<string, unknown> = {};
  for (const field of workflow.intent_schema) intent[field.key] = sampleValue(field);
  if (workflow.intent_schema.some((field) => field.key === 'mode')) intent.mode = mode;
  return intent;
}

const cases: Array<[string, string, Depth, Workflow]> = [];
for (const workflow of workflows) {
  const modes = workflow.intent_schema.some((field) => field.key === 'mode') ? workflow.modes : [workflow.default_mode ?? workflow.modes[0]];
  for (const mode of modes) for (const depth of DEPTHS) cases.push([workflow.workflow, mode, depth, workflow]);
}

describe('built-in workflows on the simulator', () => {
  it('there are at least four runnable built-in workflows', () => {
    expect(workflows.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('%s (%s, %s) completes with every gate passed', async (_slug, mode, depth, workflow) => {
    const workspaces = new MemoryWorkspaceProvider();
    const engine = createLocalEngine({ catalog, workspaces, models: fixedAdapterResolver(new SimulatorAdapter()) });
    const run = newRunSnapshot(workflow, intentFor(workflow, mode), { id: `builtin-${workflow.workflow}-${mode}-${depth}`, depth });
    await engine.start(run);
    await engine.settle();

    const attempts = engine.store.fullAttempts(run.id);
    const failedChecks = attempts.flatMap((attempt) =>
      ((attempt.validationResults as { results?: Array<{ passed: boolean; type: string; target: string; detail: string }> } | null)?.results ?? [])
        .filter((row) => !row.passed)
        .map((row) => `${attempt.gateId}#${attempt.attemptNumber} ${row.type} ${row.target}: ${row.detail}`),
    );
    expect(failedChecks).toEqual([]);
    expect(attempts.map((a) => `${a.gateId}:${a.status}`)).toEqual(
      workflow.gates.map((gate) => `${gate.gate}:${gate.condition && !evaluateGateCondition(gate.condition, run).run ? 'skipped' : 'passed'}`),
    );
    const final = (await engine.store.getRun(run.id))!;
    expect(final.status).toBe('completed');
    expect(final.totals.passedGates + final.totals.skippedGates).toBe(workflow.gates.length);
    // every gate that ran produced hashed files
    for (const attempt of attempts.filter((a) => a.status === 'passed')) {
      expect(engine.store.artifactsOf(run.id).some((artifact) => artifact.attemptId === attempt.id)).toBe(true);
    }
  });
});
