import { buildRunTrace } from '../../src/runs/run-trace';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

/** An attempt row as the admin run detail reads it (columns used by the trace only). */
function attempt(over: Record<string, unknown>) {
  return {
    id: 'a1',
    gate_id: 'G1',
    gate_name: 'Intake',
    attempt_number: 1,
    status: 'passed',
    fail_codes: [],
    status_reason: null,
    agent_slug: 'writer',
    model_id: 'gpt-4o',
    model_provider: 'openai',
    tokens_in: 100,
    tokens_out: 10,
    cost_usd: '0.001000000',
    duration_ms: 4000,
    started_at: at(0),
    completed_at: at(4),
    raw_output: null,
    ...over,
  };
}

describe('run trace', () => {
  it('nests gate → attempt → agent → round → tool call, timing the model call apart from its tools', () => {
    const rounds = [
      {
        round: 1,
        startedAt: at(1).toISOString(),
        durationMs: 1500,
        modelMs: 1000,
        costUsd: '0.0005',
        response: { toolCalls: [{ id: 't1', name: 'write_file' }], usage: { inputTokens: 60, outputTokens: 5 }, servedBy: { id: 'gpt-4o', provider: 'openai' } },
        toolResults: [{ toolUseId: 't1', isError: true, content: 'path refused' }],
        toolTimings: [{ toolUseId: 't1', name: 'write_file', startedAt: at(2).toISOString(), durationMs: 500 }],
      },
    ];
    const trace = buildRunTrace([
      attempt({ status: 'failed', fail_codes: ['MISSING_FILE'], raw_output: { agents: [{ agent_slug: 'writer', role: 'lead', outcome: 'completed', duration_ms: 2000, rounds }] } }),
      attempt({ id: 'a2', attempt_number: 2, started_at: at(5), completed_at: at(7), duration_ms: 2000 }),
    ]);
    expect(trace.started_at).toBe(at(0).toISOString());
    expect(trace.ended_at).toBe(at(7).toISOString());
    expect(trace.spans.map((s) => [s.kind, s.label, s.duration_ms, s.failed])).toEqual([
      ['gate', 'G1 · Intake', 7000, false],
      ['attempt', 'Attempt 1', 4000, true],
      ['agent', 'writer (lead)', 2000, false],
      ['model_round', 'Model round 1', 1000, false],
      ['tool_call', 'write_file', 500, true],
      ['attempt', 'Attempt 2', 2000, false],
    ]);
    expect(trace.spans[1].detail).toBe('MISSING_FILE');
    expect(trace.spans[3]).toMatchObject({ model_id: 'gpt-4o', tokens_in: 60, tokens_out: 5, cost_usd: '0.0005' });
    expect(trace.spans[4]).toMatchObject({ parent_id: trace.spans[3].id, detail: 'path refused', started_at: at(2).toISOString() });
  });

  it('measures a running attempt up to now, and lists tool calls recorded before they were timed without placing them', () => {
    const now = at(10);
    const trace = buildRunTrace(
      [
        attempt({
          status: 'running',
          completed_at: null,
          duration_ms: null,
          raw_output: {
            partial: true,
            agents: [{ agent_slug: 'writer', rounds: [{ round: 1, startedAt: at(1).toISOString(), durationMs: 800, response: { toolCalls: [{ id: 'x', name: 'read_file' }] } }] }],
          },
        }),
      ],
      now,
    );
    const [gate, running, agent, round, tool] = trace.spans;
    expect(running).toMatchObject({ running: true, duration_ms: 10_000 });
    expect(gate).toMatchObject({ running: true, duration_ms: 10_000 });
    expect(agent).toMatchObject({ running: true, status: 'running', duration_ms: 9000 });
    expect(round.duration_ms).toBe(800);
    expect(tool).toMatchObject({ started_at: null, duration_ms: null, failed: false });
  });
});
