import type { RunTrace, TraceSpan } from '@esy/api-client';
import { duration, tokens, usd } from '../data/format';

/** How deep the waterfall goes: attempts only, down to agents, or every model round and tool call. */
export type TraceDepth = 'attempts' | 'agents' | 'all';

const DEPTH: Record<TraceSpan['kind'], number> = { gate: 0, attempt: 1, agent: 2, model_round: 3, tool_call: 4 };
const SHOWN: Record<TraceDepth, number> = { attempts: 1, agents: 2, all: 4 };

export interface TraceRow {
  span: TraceSpan;
  depth: number;
  /** Position on the shared axis, in percent of the run's span (null: recorded without times). */
  left: number | null;
  width: number | null;
  /** "1.2 s", "running 3.0 s" or "—". */
  time: string;
  /** Model, tokens and cost (what hovering or focusing the bar tells). */
  tip: string;
  /**
   * What a screen reader hears after the visible label and time: kind, place, failure. Kept apart (visually hidden
   * text, not an aria-label) so the accessible name starts with what sighted users read.
   */
  detail: string;
}

export interface TraceAxis {
  ticks: Array<{ at: number; label: string }>;
  total: number;
}

/** Lays the spans out on one time axis from the run's first start to its last end (or now, while running). */
export function layoutTrace(trace: RunTrace | null | undefined, depth: TraceDepth): { rows: TraceRow[]; axis: TraceAxis } {
  const start = trace?.started_at ? Date.parse(trace.started_at) : NaN;
  const end = trace?.ended_at ? Date.parse(trace.ended_at) : NaN;
  const total = Number.isFinite(start) && Number.isFinite(end) ? Math.max(1, end - start) : 0;
  const rows: TraceRow[] = [];
  for (const span of trace?.spans ?? []) {
    const level = DEPTH[span.kind] ?? 0;
    if (level > SHOWN[depth]) continue;
    const at = span.started_at ? Date.parse(span.started_at) : NaN;
    const placed = total > 0 && Number.isFinite(at) && span.duration_ms !== null;
    const left = placed ? clamp(((at - start) / total) * 100) : null;
    // A bar never vanishes: very short spans still get a sliver to see and click.
    const width = placed && left !== null ? Math.max(0.4, Math.min(100 - left, ((span.duration_ms as number) / total) * 100)) : null;
    const time = span.duration_ms === null ? '—' : `${span.running ? 'running ' : ''}${duration(span.duration_ms)}`;
    rows.push({ span, depth: level, left, width, time, tip: tipOf(span, time), detail: detailOf(span) });
  }
  return { rows, axis: { total, ticks: total > 0 ? [0, 25, 50, 75, 100].map((at) => ({ at, label: duration(Math.round((total * at) / 100)) })) : [] } };
}

function tipOf(span: TraceSpan, time: string): string {
  const parts = [`${span.label}: ${time}`];
  if (span.model_id) parts.push(span.model_provider ? `${span.model_id} (${span.model_provider})` : span.model_id);
  if (span.tokens_in !== null || span.tokens_out !== null) parts.push(`${tokens(span.tokens_in)} in / ${tokens(span.tokens_out)} out tokens`);
  if (span.cost_usd !== null) parts.push(usd(span.cost_usd));
  if (span.failed) parts.push(`failed${span.detail ? `: ${span.detail}` : ''}`);
  return parts.join(' · ');
}

function detailOf(span: TraceSpan): string {
  const kind = span.kind === 'model_round' ? 'model call' : span.kind === 'tool_call' ? 'tool call' : span.kind;
  const where = span.kind === 'gate' ? '' : ` in ${span.gate_id}${span.attempt_number ? ` attempt ${span.attempt_number}` : ''}`;
  return `${kind}${where}${span.failed ? ', failed' : span.running ? ', running' : ''}`;
}

function clamp(value: number): number {
  return Math.min(100, Math.max(0, value));
}
