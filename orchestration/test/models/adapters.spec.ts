/**
 * Each adapter, through its real SDK, against a loopback server speaking the provider's wire protocol: a whole
 * tool-use conversation (streamed and not), exact usage, and every failure normalised to a ModelCallError.
 */
import { ModelCallError } from '../../core/models/model-adapter';
import { fault, reply, type FakeProviderServer } from '../../test-support/fake-providers';
import { PROVIDERS, TEST_API_KEY, request, runToolLoop } from './provider-fixtures';

describe.each(PROVIDERS)('$provider adapter against its fake server', (fixture) => {
  let server: FakeProviderServer;

  beforeEach(async () => {
    server = await fixture.makeServer().start();
  });
  afterEach(async () => {
    await server.close();
  });

  describe.each([
    { mode: 'non-streaming', streaming: 'never' as const },
    { mode: 'streaming', streaming: 'always' as const },
  ])('$mode tool-use conversation', ({ streaming }) => {
    it('lists, writes a file, gets tool results back and ends, with usage mapped exactly', async () => {
      server.enqueue(
        reply.toolCalls([{ name: 'list_directory', input: { path: '.' } }], { text: 'Looking first.', usage: { inputTokens: 120, outputTokens: 17 } }),
        reply.toolCalls([{ name: 'write_file', input: { path: 'notes.md', content: '# Notes\n\nSerendipity: a happy accident.\n' } }], {
          usage: { inputTokens: 161, outputTokens: 42 },
        }),
        reply.text('Notes written.', { inputTokens: 203, outputTokens: 5 }),
      );
      const deltas: string[] = [];
      const adapter = fixture.makeAdapter(server, { streaming });
      const files = new Map<string, string>();
      const responses = await runToolLoop(adapter, request(fixture.model, { onTextDelta: (d) => deltas.push(d) }), files);

      expect(files.get('notes.md')).toBe('# Notes\n\nSerendipity: a happy accident.\n');
      expect(responses.map((r) => r.usage)).toEqual([
        { inputTokens: 120, outputTokens: 17 },
        { inputTokens: 161, outputTokens: 42 },
        { inputTokens: 203, outputTokens: 5 },
      ]);
      expect(responses.map((r) => r.stopReason)).toEqual(['tool_use', 'tool_use', 'end_turn']);
      expect(responses[0].text).toBe('Looking first.');
      expect(responses[0].toolCalls).toEqual([{ type: 'tool_use', id: expect.any(String), name: 'list_directory', input: { path: '.' } }]);
      expect(responses[2].text).toBe('Notes written.');
      expect(responses.every((r) => r.raw !== undefined)).toBe(true);

      // What the SDK put on the wire: one request per round, streamed or not, with key, prompt, tools and results.
      expect(server.requests).toHaveLength(3);
      expect(server.requests.every((r) => r.streaming === (streaming === 'always'))).toBe(true);
      expect(server.requests.every((r) => r.model === fixture.model.apiModelName)).toBe(true);
      expect(fixture.apiKeyHeader(server.requests[0])).toBe(TEST_API_KEY);
      expect(fixture.systemSent(server.requests[0])).toBe('You are a careful research writer.');
      expect(fixture.toolNamesSent(server.requests[0])).toEqual(['list_directory', 'write_file']);
      expect(fixture.toolResultsSent(server.requests[1])).toEqual([
        { id: fixture.provider === 'google' ? undefined : responses[0].toolCalls[0].id, content: '(empty)' },
      ]);
      expect(fixture.toolResultsSent(server.requests[2])).toEqual([
        { id: fixture.provider === 'google' ? undefined : responses[1].toolCalls[0].id, content: 'wrote notes.md' },
      ]);

      if (streaming === 'always') {
        // Text arrived in several deltas that add up to the final texts.
        expect(deltas.length).toBeGreaterThan(2);
        expect(deltas.join('')).toBe('Looking first.Notes written.');
      } else {
        expect(deltas).toEqual([]);
      }
    });
  });

  it('streams automatically when the caller listens for deltas, and not otherwise', async () => {
    server.enqueue(reply.text('one'), reply.text('two'));
    const adapter = fixture.makeAdapter(server);
    await adapter.complete(request(fixture.model, { onTextDelta: () => undefined }));
    await adapter.complete(request(fixture.model));
    expect(server.requests.map((r) => r.streaming)).toEqual([true, false]);
  });

  it('reports a 429 as rate_limited with retry-after in milliseconds and the provider message', async () => {
    server.enqueue(fault.rateLimited('7', 'Too many requests, slow down'));
    const error = await fixture.makeAdapter(server, { streaming: 'never' }).complete(request(fixture.model)).catch((e) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000, status: 429, provider: fixture.provider, retryable: true });
    expect(error.message).toContain('Too many requests, slow down');
    expect(server.requests).toHaveLength(1); // the SDK did not retry on its own
  });

  it('reads retry-after as an HTTP date too', async () => {
    server.enqueue(fault.rateLimited(new Date(Date.now() + 30_000).toUTCString()));
    const error = await fixture.makeAdapter(server, { streaming: 'always' }).complete(request(fixture.model)).catch((e) => e);
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('reports a 500 as server_error, once, without SDK retries', async () => {
    server.enqueue(fault.serverError(500, 'upstream exploded'));
    const error = await fixture.makeAdapter(server).complete(request(fixture.model)).catch((e) => e);
    expect(error).toMatchObject({ kind: 'server_error', status: 500, retryable: true });
    expect(error.message).toContain('upstream exploded');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a rejected key as auth', async () => {
    server.enqueue(fault.error(401, 'invalid x-api-key'));
    const error = await fixture.makeAdapter(server).complete(request(fixture.model)).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(error.message).toContain('invalid x-api-key');
  });

  it.each(['never', 'always'] as const)('times out a hung call (%s streaming) with a short time-out', async (streaming) => {
    server.enqueue(fault.hang());
    const started = Date.now();
    const error = await fixture.makeAdapter(server, { timeoutMs: 300, streaming }).complete(request(fixture.model)).catch((e) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each([
    { what: 'an unparseable JSON body', streaming: 'never' as const, body: undefined, sse: false },
    { what: 'valid JSON missing the fields', streaming: 'never' as const, body: '{"unexpected": true}', sse: false },
    { what: 'a stream with a broken event', streaming: 'always' as const, body: '{"type": "message_start", "mess', sse: true },
  ])('reports $what as malformed, with the reason, and keeps working', async ({ streaming, body, sse }) => {
    server.enqueue(fault.malformed(body, { sse }), reply.text('fine again', { inputTokens: 3, outputTokens: 2 }));
    const adapter = fixture.makeAdapter(server, { streaming });
    const error = await adapter.complete(request(fixture.model)).catch((e) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain(`${fixture.provider} ${fixture.model.apiModelName}`);
    expect(error.retryable).toBe(false);
    const next = await adapter.complete(request(fixture.model));
    expect(next.text).toBe('fine again');
  });

  it('times out a stream that starts and then stalls', async () => {
    server.enqueue(fault.stall());
    const error = await fixture.makeAdapter(server, { timeoutMs: 300, streaming: 'always' }).complete(request(fixture.model)).catch((e) => e);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('reports an error event inside a started stream as a retryable server error with its message', async () => {
    server.enqueue(fault.streamError(529, 'Overloaded right now'));
    const error = await fixture.makeAdapter(server, { streaming: 'always' }).complete(request(fixture.model)).catch((e) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'server_error', retryable: true });
    expect(error.message).toContain('Overloaded right now');
  });

  it('stops when the caller aborts, reporting aborted (not timeout)', async () => {
    server.enqueue(fault.hang());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await fixture
      .makeAdapter(server, { timeoutMs: 10_000 })
      .complete(request(fixture.model, { signal: controller.signal }))
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('reports an unreachable provider as server_error', async () => {
    const adapter = fixture.makeAdapter(server);
    await server.close();
    const error = await adapter.complete(request(fixture.model)).catch((e) => e);
    expect(error).toMatchObject({ kind: 'server_error' });
  });
});
