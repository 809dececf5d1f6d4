import { formatUsd, parseUsd } from '@esy/orchestration';
import type { RunTraceDto, TraceSpanDto } from './dto/run-trace.dto';
import { isoOrNull, money } from './run-views';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One model call as the tool loop stores it in raw_output.agents[].rounds (orchestration LoopRound). */
interface StoredRound {
  round: number;
  startedAt?: string;
  durationMs?: number;
  modelMs?: number;
  error?: string;
  costUsd?: string;
  response?: {
    toolCalls?: Array<{ id: string; name: string }>;
    usage?: { inputTokens?: number; outputTokens?: number };
    servedBy?: { id: string; provider: string };
  } | null;
  toolResults?: Array<{ toolUseId?: string; isError?: boolean; content?: string }>;
  toolTimings?: Array<{ toolUseId: string; name: string; startedAt: string; durationMs: number }>;
}

interface StoredAgent {
  agent_slug?: string;
  role?: string | null;
  model_id?: string;
  outcome?: string;
  error?: string | null;
  duration_ms?: number;
  cost_usd?: string;
  usage?: { inputTokens?: number; outputTokens?: number };
  rounds?: StoredRound[];
}

const FAILED_ATTEMPT = new Set(['failed']);

/**
 * The run as a tree of timed spans for the trace view: gate → attempt → agent → model round → tool call, each with
 * its start and duration on the wall clock. Built from what the attempts already record (their times and, in
 * raw_output, every round with its own timing), so it costs no extra storage. A span still running has
 * `running: true` and a duration measured up to `now`.
 */
export function buildRunTrace(attempts: Row[], now = new Date()): RunTraceDto {
  const spans: TraceSpanDto[] = [];
  const byGate = new Map<string, Row[]>();
  for (const attempt of attempts) byGate.set(attempt.gate_id, [...(byGate.get(attempt.gate_id) ?? []), attempt]);

  for (const [gateId, gateAttempts] of byGate) {
    const gateSpanId = `gate:${gateId}`;
    const children: TraceSpanDto[] = [];
    for (const attempt of gateAttempts) children.push(...attemptSpans(attempt, gateSpanId, now));
    const attemptSpansOnly = children.filter((span) => span.kind === 'attempt');
    const latest = gateAttempts[gateAttempts.length - 1];
    const window = envelope(attemptSpansOnly);
    spans.push({
      ...blank(gateSpanId, null, 'gate', `${gateId} · ${latest.gate_name}`, gateId),
      attempt_number: latest.attempt_number,
      started_at: window.start,
      duration_ms: window.duration,
      running: attemptSpansOnly.some((span) => span.running),
      status: latest.status,
      failed: FAILED_ATTEMPT.has(latest.status),
      tokens_in: sum(gateAttempts, (a) => a.tokens_in),
      tokens_out: sum(gateAttempts, (a) => a.tokens_out),
      cost_usd: formatUsd(gateAttempts.reduce((total, a) => total + parseUsd(a.cost_usd ?? '0'), 0n)),
    });
    spans.push(...children);
  }
  const tops = spans.filter((span) => span.kind === 'gate');
  const window = envelope(tops);
  return { started_at: window.start, ended_at: window.end, spans };
}

function attemptSpans(attempt: Row, parentId: string, now: Date): TraceSpanDto[] {
  const id = `attempt:${attempt.id}`;
  const running = attempt.status === 'running';
  const started = isoOrNull(attempt.started_at);
  const ended = attempt.completed_at ? new Date(attempt.completed_at) : running ? now : null;
  const agents = storedAgents(attempt.raw_output);
  const out: TraceSpanDto[] = [
    {
      ...blank(id, parentId, 'attempt', `Attempt ${attempt.attempt_number}`, attempt.gate_id),
      attempt_number: attempt.attempt_number,
      agent_slug: attempt.agent_slug ?? null,
      started_at: started,
      duration_ms: started && ended ? Math.max(0, ended.getTime() - new Date(started).getTime()) : (attempt.duration_ms ?? null),
      running,
      status: attempt.status,
      failed: FAILED_ATTEMPT.has(attempt.status),
      detail: failureText(attempt),
      model_id: attempt.model_id ?? null,
      model_provider: attempt.model_provider ?? null,
      tokens_in: attempt.tokens_in ?? 0,
      tokens_out: attempt.tokens_out ?? 0,
      cost_usd: money(attempt.cost_usd) ?? '0.00',
    },
  ];
  agents.forEach((agent, index) => {
    const agentId = `${id}:agent:${index}`;
    const rounds = agent.rounds ?? [];
    const roundSpans = rounds.flatMap((round) => roundSpansOf(round, agentId, attempt));
    const window = envelope(roundSpans.filter((span) => span.kind === 'model_round'));
    const agentRunning = running && agent.outcome === undefined;
    const slug = agent.agent_slug ?? `agent ${index + 1}`;
    out.push({
      ...blank(agentId, id, 'agent', agent.role && agent.role !== slug ? `${slug} (${agent.role})` : slug, attempt.gate_id),
      attempt_number: attempt.attempt_number,
      agent_slug: agent.agent_slug ?? null,
      started_at: window.start ?? started,
      duration_ms: agent.duration_ms ?? (agentRunning && window.start ? now.getTime() - new Date(window.start).getTime() : window.duration),
      running: agentRunning,
      status: agent.outcome ?? (running ? 'running' : attempt.status),
      failed: agent.outcome !== undefined && agent.outcome !== 'completed',
      detail: agent.error ?? null,
      model_id: agent.model_id ?? null,
      tokens_in: agent.usage?.inputTokens ?? sum(rounds, (r) => r.response?.usage?.inputTokens ?? 0),
      tokens_out: agent.usage?.outputTokens ?? sum(rounds, (r) => r.response?.usage?.outputTokens ?? 0),
      cost_usd: agent.cost_usd ?? formatUsd(rounds.reduce((total, r) => total + parseUsd(r.costUsd ?? '0'), 0n)),
    });
    out.push(...roundSpans);
  });
  return out;
}

function roundSpansOf(round: StoredRound, parentId: string, attempt: Row): TraceSpanDto[] {
  const id = `${parentId}:round:${round.round}`;
  const served = round.response?.servedBy;
  const spans: TraceSpanDto[] = [
    {
      ...blank(id, parentId, 'model_round', `Model round ${round.round}`, attempt.gate_id),
      attempt_number: attempt.attempt_number,
      started_at: round.startedAt ?? null,
      duration_ms: round.modelMs ?? round.durationMs ?? null,
      status: round.error ? 'error' : 'ok',
      failed: Boolean(round.error),
      detail: round.error ?? null,
      model_id: served?.id ?? null,
      model_provider: served?.provider ?? null,
      tokens_in: round.response?.usage?.inputTokens ?? 0,
      tokens_out: round.response?.usage?.outputTokens ?? 0,
      cost_usd: money(round.costUsd ?? '0'),
    },
  ];
  const timings = new Map((round.toolTimings ?? []).map((timing) => [timing.toolUseId, timing]));
  (round.response?.toolCalls ?? []).forEach((call, index) => {
    const result = round.toolResults?.find((r) => r.toolUseId === call.id) ?? round.toolResults?.[index];
    const timing = timings.get(call.id);
    spans.push({
      ...blank(`${id}:tool:${index}`, id, 'tool_call', call.name, attempt.gate_id),
      attempt_number: attempt.attempt_number,
      // Rounds recorded before tool calls were timed have no per-call times: the span is listed, not placed.
      started_at: timing?.startedAt ?? null,
      duration_ms: timing?.durationMs ?? null,
      status: result?.isError ? 'error' : 'ok',
      failed: result?.isError === true,
      detail: result?.isError ? (result.content ?? '').slice(0, 300) : null,
    });
  });
  return spans;
}

function storedAgents(raw: unknown): StoredAgent[] {
  const agents = (raw as { agents?: unknown } | null)?.agents;
  return Array.isArray(agents) ? (agents as StoredAgent[]) : [];
}

function failureText(attempt: Row): string | null {
  const codes = (attempt.fail_codes ?? []) as string[];
  if (codes.length === 0 && !attempt.status_reason) return null;
  return [codes.join(', '), attempt.status_reason].filter(Boolean).join(': ');
}

function blank(id: string, parentId: string | null, kind: TraceSpanDto['kind'], label: string, gateId: string): TraceSpanDto {
  return {
    id,
    parent_id: parentId,
    kind,
    label,
    gate_id: gateId,
    attempt_number: null,
    agent_slug: null,
    started_at: null,
    duration_ms: null,
    running: false,
    status: 'pending',
    failed: false,
    detail: null,
    model_id: null,
    model_provider: null,
    tokens_in: null,
    tokens_out: null,
    cost_usd: null,
  };
}

/** Earliest start and latest end of the spans that have times. */
function envelope(spans: TraceSpanDto[]): { start: string | null; end: string | null; duration: number | null } {
  let start = Infinity;
  let end = -Infinity;
  for (const span of spans) {
    if (!span.started_at || span.duration_ms === null) continue;
    const s = new Date(span.started_at).getTime();
    start = Math.min(start, s);
    end = Math.max(end, s + span.duration_ms);
  }
  if (!Number.isFinite(start)) return { start: null, end: null, duration: null };
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), duration: end - start };
}

function sum<T>(items: T[], of: (item: T) => number | null | undefined): number {
  return items.reduce((total, item) => total + (of(item) ?? 0), 0);
}
