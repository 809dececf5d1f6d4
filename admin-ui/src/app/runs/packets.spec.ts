import { readChecks, readPromptPacket, readRawOutput, summariseToolCall } from './packets';

describe('recorded prompt and output readers', () => {
  it('lists prompt sections per agent with token counts', () => {
    const [agent] = readPromptPacket({
      agents: [{ agent_slug: 'research-lead', role: null, model_id: 'gpt-4o', sections: [{ kind: 'agent', title: 'Lead', content: 'You are…', tokens: 120 }, { kind: 'checks', title: 'Checks', content: '- min_sources', tokens: 30 }] }],
    });
    expect(agent).toMatchObject({ agent: 'research-lead', model: 'gpt-4o', totalTokens: 150 });
    expect(agent.sections.map((s) => s.kind)).toEqual(['agent', 'checks']);
  });

  it('pairs every tool call with its result and says in one line what it did', () => {
    const [agent] = readRawOutput({
      agents: [
        {
          agent_slug: 'writer',
          outcome: 'completed',
          rounds: [
            {
              round: 1,
              durationMs: 300,
              response: { text: 'Writing.', toolCalls: [{ id: 't1', name: 'write_file', input: { path: 'essay.md', content: 'x'.repeat(2048) } }], stopReason: 'tool_use', usage: { inputTokens: 900, outputTokens: 40 }, servedBy: { id: 'gpt-4o', provider: 'openai' } },
              toolResults: [{ toolUseId: 't1', content: 'wrote 2048 bytes', isError: false }],
            },
          ],
        },
      ],
    });
    const call = agent.rounds[0].toolCalls[0];
    expect(call.summary).toBe('write_file essay.md (2.0 KB)');
    expect(call.result).toBe('wrote 2048 bytes');
    expect(agent.rounds[0]).toMatchObject({ tokensIn: 900, tokensOut: 40, servedBy: 'gpt-4o · openai' });
    expect(summariseToolCall('list_directory', {})).toBe('list_directory .');
  });

  it('puts failed error checks first and never throws on odd records', () => {
    const { rows } = readChecks({
      results: [
        { type: 'file_exists', target: 'a.md', passed: true, severity: 'error', detail: 'ok' },
        { type: 'contains_text', target: 'b.md', passed: false, severity: 'warning', detail: 'missing' },
        { type: 'min_sources', target: 'c.md', passed: false, severity: 'error', detail: '0 sources', code: 'VALIDATION_FAILED' },
      ],
    });
    expect(rows.map((r) => r.type)).toEqual(['min_sources', 'contains_text', 'file_exists']);
    expect(readChecks({ error: 'contract missing' }).error).toBe('contract missing');
    expect(readRawOutput(null)).toEqual([]);
    expect(readPromptPacket({ agents: 'nope' } as never)).toEqual([]);
  });
});
