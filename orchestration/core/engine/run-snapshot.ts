import { randomUUID } from 'node:crypto';
import { gateApplies, resolveRunContext } from '../content/run-context';
import type { Workflow } from '../content/workflow-schema';
import type { Depth } from '../content/contract-schema';
import type { RunSnapshot, WorkflowSnapshot } from './ports';

export interface NewRunOptions {
  id?: string;
  /** Run-wide model override (router step 2). */
  modelOverride?: string | null;
  /** Overrides the depth the intent/workflow give. */
  depth?: Depth;
  /** Overrides the workflow's cost profile budget. */
  budgetUsd?: string | null;
  slug?: string;
}

/** A pending run of a loaded workflow (what `POST /api/runs` creates; the CLI uses it directly). */
export function newRunSnapshot(workflow: Workflow, intent: Record<string, unknown>, options: NewRunOptions = {}): RunSnapshot {
  const context = resolveRunContext(workflow, intent);
  return {
    id: options.id ?? randomUUID(),
    status: 'pending',
    workflow: structuredClone(workflow) as unknown as WorkflowSnapshot,
    intent: structuredClone(intent),
    mode: context.mode,
    depth: options.depth ?? context.depth,
    slug: options.slug ?? projectSlugFor(workflow.workflow, intent),
    budgetUsd: options.budgetUsd ?? workflow.cost_profile?.budget_usd ?? null,
    modelOverride: options.modelOverride ?? null,
    currentGate: null,
    pauseReason: null,
    totals: { totalGates: workflow.gates.length, passedGates: 0, failedGates: 0, skippedGates: 0, tokensIn: 0, tokensOut: 0, totalCostUsd: '0.00' },
    simulated: false,
    startedAt: null,
    completedAt: null,
  };
}

/** "serendipity", "the-color-blue" — from the intent's main text field, else the workflow slug. */
export function projectSlugFor(workflowSlug: string, intent: Record<string, unknown>): string {
  for (const key of ['word', 'topic', 'subject', 'concept', 'question', 'title', 'theme', 'name']) {
    const value = intent[key];
    if (typeof value === 'string') {
      const slug = value
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60)
        .replace(/-+$/, '');
      if (slug) return slug;
    }
  }
  return workflowSlug;
}

/** The engine's condition seam, backed by the content loader's safe expression parser. */
export function evaluateGateCondition(expression: string, run: RunSnapshot): { run: boolean; reason: string } {
  const result = gateApplies({ gate: '', condition: expression }, run.intent, { mode: run.mode, depth: run.depth });
  return result.applies
    ? { run: true, reason: `condition "${expression}" is true` }
    : { run: false, reason: `${result.reason ?? `condition "${expression}" is false`} (mode: ${run.mode}, depth: ${run.depth})` };
}
