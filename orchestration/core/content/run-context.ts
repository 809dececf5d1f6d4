import { evaluateCondition, type ConditionScope } from './condition';
import { DEPTHS, type Depth } from './contract-schema';
import type { Workflow, WorkflowGate } from './workflow-schema';

export interface RunContext {
  mode: string;
  depth: Depth;
}

/**
 * A run's mode is `intent.mode` when the intent schema has a `mode` field (and the value is one of the workflow's
 * modes), otherwise `default_mode` (or the first mode). Its depth is `intent.depth` when it is a valid depth,
 * otherwise the workflow's `depth`.
 */
export function resolveRunContext(workflow: Pick<Workflow, 'modes' | 'default_mode' | 'depth' | 'intent_schema'>, intent: Record<string, unknown>): RunContext {
  const hasModeField = workflow.intent_schema.some((field) => field.key === 'mode');
  const requested = intent?.mode;
  const mode =
    hasModeField && typeof requested === 'string' && workflow.modes.includes(requested)
      ? requested
      : (workflow.default_mode ?? workflow.modes[0]);
  const depth = (DEPTHS as readonly unknown[]).includes(intent?.depth) ? (intent.depth as Depth) : (workflow.depth ?? 'standard');
  return { mode, depth };
}

/** What a gate condition can see: every intent field, plus `mode` and `depth` (which win over intent fields). */
export function conditionScope(intent: Record<string, unknown>, context: RunContext): ConditionScope {
  return { ...intent, mode: context.mode, depth: context.depth };
}

/** Whether a gate runs for this intent; when it does not, `reason` says why (stored with the skipped gate). */
export function gateApplies(
  gate: Pick<WorkflowGate, 'gate' | 'condition'>,
  intent: Record<string, unknown>,
  context: RunContext,
): { applies: boolean; reason?: string } {
  if (!gate.condition) return { applies: true };
  const applies = evaluateCondition(gate.condition, conditionScope(intent, context));
  return applies ? { applies } : { applies, reason: `condition "${gate.condition}" is false for this run` };
}
