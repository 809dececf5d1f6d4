import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { ModelCallError, type ModelAdapter, type ModelRequest, type ModelResponse } from '../../core/models/model-adapter';
import { runToolLoop, type ToolLoopLimits } from '../../core/engine/tool-loop';
import { toolDefinitionsFor } from '../../core/engine/tools';
import { MemoryWorkspace } from '../../core/engine/workspace/memory-workspace';
import { parseUsd } from '../../core/engine/money';

const sonnet = BUILT_IN_MODELS.find((m) => m.id === 'claude-sonnet-4')!;

/** A test double of a provider: answers from a script, one entry per call, and remembers every request. */
class ScriptedAdapter implements ModelAdapter {
  readonly provider = 'scripted';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly script: Array<(req: ModelRequest) => Promise<ModelResponse> | ModelResponse>) {}
  async complete(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const step = this.script[Math.min(this.requests.length - 1, this.script.length - 1)];
    return step(request);
  }
}

const toolCall = (id: string, name: string, input: Record<string, unknown>, usage = { inputTokens: 1000, outputTokens: 100 }): ModelResponse => ({
  text: '',
  toolCalls: [{ type: 'tool_use', id, name, input }],
  usage,
  stopReason: 'tool_use',
  raw: { id },
});
const done = (text = 'All files written.'): ModelResponse => ({ text, toolCalls: [], usage: { inputTokens: 1200, outputTokens: 50 }, stopReason: 'end_turn', raw: { text } });

const limits = (over: Partial<ToolLoopLimits> = {}): ToolLoopLimits => ({
  maxRounds: 10,
  maxInputTokens: 100_000,
  maxOutputTokens: 10_000,
  maxOutputTokensPerCall: 4000,
  ...over,
});

function loop(adapter: ModelAdapter, over: Partial<ToolLoopLimits> = {}, extra: Partial<Parameters<typeof runToolLoop>[0]> = {}) {
  const workspace = new MemoryWorkspace();
  const promise = runToolLoop({
    adapter,
    model: sonnet,
    system: 'You are a writer.',
    user: 'Write essay.md',
    tools: toolDefinitionsFor(),
    workspace,
    limits: limits(over),
    ...extra,
  });
  return { workspace, promise };
}

describe('runToolLoop', () => {
  it('executes tool calls, feeds results back and stops when the model stops', async () => {
    const adapter = new ScriptedAdapter([
      () => toolCall('a', 'list_directory', {}),
      () => toolCall('b', 'write_file', { path: 'essay.md', content: '# Essay' }),
      () => done(),
    ]);
    const { workspace, promise } = loop(adapter);
    const result = await promise;
    expect(result.outcome).toBe('completed');
    expect(await workspace.readFile('essay.md')).toBe('# Essay');
    expect(result.rounds).toHaveLength(3);
    expect(result.usage).toEqual({ inputTokens: 3200, outputTokens: 250 });
    // 3.2K × 0.003 + 0.25K × 0.015 = 0.0096 + 0.00375
    expect(result.costPico).toBe(parseUsd('0.01335'));
    expect(result.finalText).toBe('All files written.');
    // the second call saw the first call's tool result
    const second = adapter.requests[1].messages;
    expect(second).toHaveLength(3);
    expect(second[2].content[0]).toMatchObject({ type: 'tool_result', toolUseId: 'a', content: 'the workspace root is empty' });
    expect(result.rounds[1].toolResults[0].content).toMatch(/^wrote "essay.md"/);
    expect(result.rounds[0].response?.raw).toEqual({ id: 'a' });
  });

  it('times the model call and each tool call of a round apart (the trace view draws them)', async () => {
    // A clock that moves 100 ms per model call and 10 ms per tool call.
    let clock = 1_000_000;
    const adapter = new ScriptedAdapter([
      () => {
        clock += 100;
        return { ...toolCall('a', 'write_file', { path: 'a.md', content: 'A' }), toolCalls: [
          { type: 'tool_use', id: 'a', name: 'write_file', input: { path: 'a.md', content: 'A' } },
          { type: 'tool_use', id: 'b', name: 'read_file', input: { path: 'a.md' } },
        ] };
      },
      () => {
        clock += 100;
        return done();
      },
    ]);
    const now = () => clock;
    const workspace = new MemoryWorkspace();
    const realWrite = workspace.writeFile.bind(workspace);
    workspace.writeFile = async (path, content) => {
      clock += 10;
      return realWrite(path, content);
    };
    const result = await runToolLoop({ adapter, model: sonnet, system: 's', user: 'u', tools: toolDefinitionsFor(), workspace, limits: limits(), now });
    const [first, second] = result.rounds;
    expect(first.modelMs).toBe(100);
    expect(first.toolTimings?.map((t) => [t.toolUseId, t.name, t.durationMs])).toEqual([['a', 'write_file', 10], ['b', 'read_file', 0]]);
    expect(first.toolTimings?.[0].startedAt).toBe(new Date(1_000_100).toISOString());
    expect(first.durationMs).toBe(110);
    expect(second.modelMs).toBe(100);
    expect(second.toolTimings).toBeUndefined();
  });

  it('returns a refused path to the model as an error result and goes on', async () => {
    const adapter = new ScriptedAdapter([() => toolCall('a', 'write_file', { path: '../escape.md', content: 'x' }), () => done()]);
    const result = await loop(adapter).promise;
    expect(result.outcome).toBe('completed');
    expect(result.rounds[0].toolResults[0]).toMatchObject({ isError: true, content: 'write_file refused: path "../escape.md" leaves the workspace' });
  });

  it('stops with MAX_ROUNDS when the model keeps calling tools', async () => {
    const adapter = new ScriptedAdapter([() => toolCall('a', 'list_directory', {})]);
    const result = await loop(adapter, { maxRounds: 3 }).promise;
    expect(result.outcome).toBe('MAX_ROUNDS');
    expect(adapter.requests).toHaveLength(3);
  });

  it('stops with TOKEN_LIMIT on input and on output tokens', async () => {
    const input = await loop(new ScriptedAdapter([() => toolCall('a', 'list_directory', {}, { inputTokens: 6000, outputTokens: 10 })]), {
      maxInputTokens: 10_000,
    }).promise;
    expect(input.outcome).toBe('TOKEN_LIMIT');
    expect(input.rounds).toHaveLength(2);
    const adapter = new ScriptedAdapter([() => toolCall('a', 'list_directory', {}, { inputTokens: 10, outputTokens: 3000 })]);
    const output = await loop(adapter, { maxOutputTokens: 5000 }).promise;
    expect(output.outcome).toBe('TOKEN_LIMIT');
    // the second call was only allowed what was left of the output budget
    expect(adapter.requests[1].maxOutputTokens).toBe(2000);
  });

  it('stops with BUDGET_EXCEEDED once the spend passes the cost cap', async () => {
    // each call costs 1K × 0.003 + 0.1K × 0.015 = 0.0045 USD
    const adapter = new ScriptedAdapter([() => toolCall('a', 'list_directory', {})]);
    const result = await loop(adapter, { costCapPico: parseUsd('0.01') }).promise;
    expect(result.outcome).toBe('BUDGET_EXCEEDED');
    expect(adapter.requests).toHaveLength(3);
    expect(result.costPico).toBe(parseUsd('0.0135'));
  });

  it('does not call the model at all when no budget is left', async () => {
    const adapter = new ScriptedAdapter([() => done()]);
    const result = await loop(adapter, { costCapPico: 0n }).promise;
    expect(result.outcome).toBe('BUDGET_EXCEEDED');
    expect(adapter.requests).toHaveLength(0);
  });

  it('times out a slow model with TIMEOUT through the abort signal', async () => {
    const adapter = new ScriptedAdapter([
      (req) =>
        new Promise<ModelResponse>((_resolve, reject) => {
          req.signal?.addEventListener('abort', () => reject(new ModelCallError('aborted', 'aborted')));
        }),
    ]);
    const started = Date.now();
    const result = await loop(adapter, { timeoutMs: 50 }).promise;
    expect(result.outcome).toBe('TIMEOUT');
    expect(result.error).toMatch(/time-out/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out even when the provider ignores the abort signal', async () => {
    const adapter = new ScriptedAdapter([() => new Promise<ModelResponse>(() => undefined)]);
    const result = await loop(adapter, { timeoutMs: 30 }).promise;
    expect(result.outcome).toBe('TIMEOUT');
  });

  it('reports a provider still down after the retries as PROVIDER_UNAVAILABLE (infrastructure) with the provider message', async () => {
    const adapter = new ScriptedAdapter([
      () => toolCall('a', 'list_directory', {}),
      () => {
        throw new ModelCallError('overloaded, try later', 'server_error', undefined, 529);
      },
    ]);
    const result = await loop(adapter).promise;
    expect(result.outcome).toBe('PROVIDER_UNAVAILABLE');
    expect(result.error).toBe('anthropic claude-sonnet-4: overloaded, try later (HTTP 529)');
    expect(result.rounds[1].error).toMatch(/overloaded/);
  });

  it('reports a request the provider refused as MODEL_ERROR (the model call, not the platform)', async () => {
    const adapter = new ScriptedAdapter([
      () => {
        throw new ModelCallError('invalid tool schema', 'bad_request', undefined, 400);
      },
    ]);
    const result = await loop(adapter).promise;
    expect(result.outcome).toBe('MODEL_ERROR');
    expect(result.error).toBe('anthropic claude-sonnet-4: invalid tool schema (HTTP 400)');
  });

  it('stops with CANCELLED when the run is cancelled elsewhere or the signal fires', async () => {
    let cancelled = false;
    const adapter = new ScriptedAdapter([
      () => {
        cancelled = true;
        return toolCall('a', 'list_directory', {});
      },
    ]);
    const viaStore = await loop(adapter, {}, { isCancelled: async () => cancelled }).promise;
    expect(viaStore.outcome).toBe('CANCELLED');
    expect(adapter.requests).toHaveLength(1);

    const controller = new AbortController();
    controller.abort();
    const viaSignal = await loop(new ScriptedAdapter([() => done()]), {}, { signal: controller.signal }).promise;
    expect(viaSignal.outcome).toBe('CANCELLED');
  });

  it('streams text deltas to the caller', async () => {
    const deltas: string[] = [];
    const adapter = new ScriptedAdapter([
      (req) => {
        req.onTextDelta?.('Hel');
        req.onTextDelta?.('lo');
        return done('Hello');
      },
    ]);
    await loop(adapter, {}, { onTextDelta: (d) => deltas.push(d) }).promise;
    expect(deltas.join('')).toBe('Hello');
  });
  it('prices each call at the rates of the model that served it after a fallback', async () => {
    // The router fell back from claude-sonnet-4 to gpt-4o-mini for the second call only.
    const mini = BUILT_IN_MODELS.find((m) => m.id === 'gpt-4o-mini')!;
    const adapter = new ScriptedAdapter([
      () => toolCall('a', 'write_file', { path: 'essay.md', content: '# Essay' }),
      () => ({ ...done(), servedBy: mini }),
    ]);
    const result = await loop(adapter).promise;
    // sonnet: 1K × 0.003 + 0.1K × 0.015 = 0.0045; mini: 1.2K × 0.0003 + 0.05K × 0.0012 = 0.00036 + 0.00006
    expect(result.costPico).toBe(parseUsd('0.0045') + parseUsd('0.00042'));
    expect(result.rounds[1].costUsd).toBe('0.00042');
    expect(result.rounds[1].response?.servedBy).toEqual({ id: 'gpt-4o-mini', provider: 'openai' });
    expect(result.servedModels).toEqual(['anthropic/claude-sonnet-4', 'openai/gpt-4o-mini']);
  });
});
