/** Reading `retry-after` in its three forms, and the error normalisation the router relies on. */
import { ModelCallError } from '../../core/models/model-adapter';
import { MalformedReplyError, normaliseProviderError, parseRetryAfterMs } from '../../core/models/provider-errors';
import { fault, FakeOpenAIServer } from '../../test-support/fake-providers';
import { PROVIDERS, request } from './provider-fixtures';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after': '2' }, 2_000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after-ms': '1500', 'retry-after': '9' }, 1_500],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (h, expected) => {
    expect(parseRetryAfterMs(headers(h), now)).toBe(expected);
  });

  it('reads retry-after-ms through a real SDK too', async () => {
    const server = await new FakeOpenAIServer().start();
    try {
      server.enqueue(fault.rateLimitedMs(750));
      const openai = PROVIDERS.find((p) => p.provider === 'openai')!;
      const error = await openai.makeAdapter(server).complete(request(openai.model)).catch((e) => e);
      expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 750 });
    } finally {
      await server.close();
    }
  });
});

describe('normaliseProviderError', () => {
  const ctx = { provider: 'anthropic', model: 'claude-x' };
  it.each([
    [Object.assign(new Error('429 slow'), { status: 429 }), 'rate_limited'],
    [Object.assign(new Error('503 busy'), { status: 503 }), 'server_error'],
    [Object.assign(new Error('529 overloaded'), { status: 529 }), 'server_error'],
    [Object.assign(new Error('408 late'), { status: 408 }), 'timeout'],
    [Object.assign(new Error('403 no'), { status: 403 }), 'auth'],
    [Object.assign(new Error('422 bad'), { status: 422 }), 'bad_request'],
    [new SyntaxError('Unexpected token'), 'malformed'],
    [new MalformedReplyError('no content'), 'malformed'],
    [Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'server_error'],
  ] as const)('%p → %s', (err, kind) => {
    const normalised = normaliseProviderError(err, ctx);
    expect(normalised).toBeInstanceOf(ModelCallError);
    expect(normalised.kind).toBe(kind);
    expect(normalised.provider).toBe('anthropic');
    expect(normalised.message).toContain('anthropic claude-x');
  });

  it('unwraps a JSON error body into the provider message', () => {
    const err = Object.assign(new Error('{"error":{"code":429,"message":"Quota exceeded for metric","status":"RESOURCE_EXHAUSTED"}}'), { status: 429 });
    expect(normaliseProviderError(err, ctx).message).toBe('anthropic claude-x: rate limited: RESOURCE_EXHAUSTED Quota exceeded for metric');
  });

  it('passes a ModelCallError through unchanged', () => {
    const original = new ModelCallError('already normalised', 'auth');
    expect(normaliseProviderError(original, ctx)).toBe(original);
  });
});
