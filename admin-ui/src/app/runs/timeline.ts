import type { GateAttempt, RunGate } from '@esy/api-client';

/** One stage of the spec as stored (`spec.stages`: the workflow's gates). Only the fields the console reads. */
export interface SpecStage {
  gate: string;
  name?: string;
  phase?: string;
  agent?: string;
  parallel_agents?: { agent: string; role?: string }[];
  model?: string;
  condition?: string;
  max_attempts?: number;
}

export interface TimelineAgent {
  slug: string;
  role: string | null;
}

/** One gate as the horizontal timeline shows it. */
export interface TimelineNode {
  gateId: string;
  name: string;
  phase: string;
  order: number;
  status: RunGate['status'];
  agents: TimelineAgent[];
  parallel: boolean;
  /** Model of the latest attempt (or the spec's pinned model before the gate ran). */
  model: string | null;
  provider: string | null;
  durationMs: number | null;
  /** Attempts that count toward max_attempts (attempts lost to infrastructure are not among them). */
  attempts: number;
  maxAttempts: number;
  /** Attempts ended by infrastructure (worker lost, storage or provider down), retried outside max_attempts. */
  infraRetries: number;
  condition: string | null;
  statusReason: string | null;
  failCodes: string[];
  simulated: boolean;
  /** Every attempt of this gate, oldest first. */
  history: GateAttempt[];
}

function agentsOf(stage: SpecStage | undefined, latest: GateAttempt | undefined): TimelineAgent[] {
  if (stage?.parallel_agents?.length) return stage.parallel_agents.map((p) => ({ slug: p.agent, role: p.role ?? null }));
  if (stage?.agent) return [{ slug: stage.agent, role: null }];
  // No spec stage (e.g. an old spec): the attempt records its agents joined by commas.
  return (latest?.agent_slug ?? '')
    .split(',')
    .filter(Boolean)
    .map((slug) => ({ slug, role: null }));
}

/**
 * Joins the run's gates (latest state per gate), every attempt and the spec's stages into the timeline, in gate
 * order. Gates that exist only in the spec (not materialised yet) still appear, as pending.
 */
export function buildTimeline(gates: readonly RunGate[], attempts: readonly GateAttempt[], stages: readonly SpecStage[]): TimelineNode[] {
  const stageById = new Map(stages.map((stage) => [stage.gate, stage]));
  const historyById = new Map<string, GateAttempt[]>();
  for (const attempt of attempts) {
    const list = historyById.get(attempt.gate_id) ?? [];
    list.push(attempt);
    historyById.set(attempt.gate_id, list);
  }
  for (const list of historyById.values()) list.sort((a, b) => a.attempt_number - b.attempt_number);

  const nodes: TimelineNode[] = gates.map((gate) => {
    const stage = stageById.get(gate.gate_id);
    const history = historyById.get(gate.gate_id) ?? [];
    const latest = history.at(-1);
    const agents = agentsOf(stage, latest);
    return {
      gateId: gate.gate_id,
      name: gate.gate_name,
      phase: gate.phase,
      order: gate.gate_order,
      status: gate.status,
      agents,
      parallel: agents.length > 1,
      model: latest?.model_id ?? stage?.model ?? null,
      provider: latest?.model_provider ?? null,
      durationMs: gate.duration_ms,
      // Every infrastructure retry added a slot to the row's max_attempts: show the gate's own quality budget.
      attempts: gate.attempts - (gate.infra_retries ?? 0),
      maxAttempts: gate.max_attempts - (gate.infra_retries ?? 0),
      infraRetries: gate.infra_retries ?? 0,
      condition: stage?.condition ?? null,
      statusReason: gate.status_reason,
      failCodes: gate.fail_codes,
      simulated: gate.simulated,
      history,
    };
  });
  const known = new Set(nodes.map((node) => node.gateId));
  stages.forEach((stage, index) => {
    if (known.has(stage.gate)) return;
    const agents = agentsOf(stage, undefined);
    nodes.push({
      gateId: stage.gate,
      name: stage.name ?? stage.gate,
      phase: stage.phase ?? '',
      order: index + 1,
      status: 'pending',
      agents,
      parallel: agents.length > 1,
      model: stage.model ?? null,
      provider: null,
      durationMs: null,
      attempts: 0,
      maxAttempts: stage.max_attempts ?? 3,
      infraRetries: 0,
      condition: stage.condition ?? null,
      statusReason: null,
      failCodes: [],
      simulated: false,
      history: [],
    });
  });
  return nodes.sort((a, b) => a.order - b.order);
}

/** The gate an operator should look at first: a failed one, else the running one, else the last that ran. */
export function focusGate(nodes: readonly TimelineNode[]): string | null {
  return (
    nodes.find((node) => node.status === 'failed')?.gateId ??
    nodes.find((node) => node.status === 'running')?.gateId ??
    [...nodes].reverse().find((node) => node.status !== 'pending')?.gateId ??
    nodes[0]?.gateId ??
    null
  );
}

/** Which operator actions make sense for a gate of a run in a given state (mirrors the engine's rules; the API enforces them). */
export function gateActions(runStatus: string, gateStatus: string): { rerun: boolean; skip: boolean; approve: boolean } {
  const decidable = runStatus === 'paused' || runStatus === 'running';
  return {
    rerun: ['paused', 'failed', 'completed'].includes(runStatus) && gateStatus !== 'running' && gateStatus !== 'pending',
    skip: decidable && (gateStatus === 'failed' || gateStatus === 'pending'),
    approve: decidable && (gateStatus === 'failed' || gateStatus === 'warning'),
  };
}
