import type { RunTrace, TraceSpan } from '@esy/api-client';
import { layoutTrace } from './trace-layout';

const span = (over: Partial<TraceSpan>): TraceSpan => ({
  id: 'x',
  parent_id: null,
  kind: 'gate',
  label: 'G1 · Intake',
  gate_id: 'G1',
  attempt_number: 1,
  agent_slug: null,
  started_at: '2026-01-01T00:00:00.000Z',
  duration_ms: 1000,
  running: false,
  status: 'passed',
  failed: false,
  detail: null,
  model_id: null,
  model_provider: null,
  tokens_in: null,
  tokens_out: null,
  cost_usd: null,
  ...over,
});

const trace: RunTrace = {
  started_at: '2026-01-01T00:00:00.000Z',
  ended_at: '2026-01-01T00:00:04.000Z',
  spans: [
    span({ id: 'g1' }),
    span({ id: 'a1', parent_id: 'g1', kind: 'attempt', label: 'Attempt 1' }),
    span({ id: 'r1', parent_id: 'a1', kind: 'model_round', label: 'Model round 1', started_at: '2026-01-01T00:00:01.000Z', duration_ms: 2000, model_id: 'gpt-4o', model_provider: 'openai', tokens_in: 1500, tokens_out: 20, cost_usd: '0.0123' }),
    span({ id: 't1', parent_id: 'r1', kind: 'tool_call', label: 'write_file', started_at: null, duration_ms: null, failed: true, status: 'error', detail: 'path refused' }),
  ],
};

describe('trace layout', () => {
  it('places every span on the run’s shared axis, in percent', () => {
    const { rows, axis } = layoutTrace(trace, 'all');
    expect(rows.map((row) => [row.span.id, row.depth, row.left, row.width])).toEqual([
      ['g1', 0, 0, 25],
      ['a1', 1, 0, 25],
      ['r1', 3, 25, 50],
      ['t1', 4, null, null],
    ]);
    expect(axis.total).toBe(4000);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['0 ms', '1.0 s', '2.0 s', '3.0 s', '4.0 s']);
  });

  it('tells model, tokens, cost and failures in words', () => {
    const { rows } = layoutTrace(trace, 'all');
    expect(rows[2].tip).toBe('Model round 1: 2.0 s · gpt-4o (openai) · 1.5k in / 20 out tokens · $0.01');
    expect(rows[3].detail).toBe('tool call in G1 attempt 1, failed');
    expect(rows[3].tip).toContain('failed: path refused');
  });

  it('shows only as deep as asked', () => {
    expect(layoutTrace(trace, 'attempts').rows.map((row) => row.span.id)).toEqual(['g1', 'a1']);
    expect(layoutTrace(null, 'all')).toEqual({ rows: [], axis: { total: 0, ticks: [] } });
  });
});
