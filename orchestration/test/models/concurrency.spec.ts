/** Per-provider concurrency limits, measured where it matters: requests in flight at the provider's server. */
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { ConcurrencyLimiter } from '../../core/models/concurrency-limiter';
import { ProviderRegistry } from '../../core/models/provider-registry';
import { ModelRouter } from '../../core/models/router';
import { FakeAnthropicServer, FakeOpenAIServer, reply } from '../../test-support/fake-providers';
import { TEST_API_KEY, builtIn, request } from './provider-fixtures';

describe('per-provider concurrency limit', () => {
  let openai: FakeOpenAIServer;
  let anthropic: FakeAnthropicServer;

  beforeEach(async () => {
    openai = await new FakeOpenAIServer().start();
    anthropic = await new FakeAnthropicServer().start();
    openai.always(reply.text('ok', { inputTokens: 1, outputTokens: 1 }, { delayMs: 80 }));
    anthropic.always(reply.text('ok', { inputTokens: 1, outputTokens: 1 }, { delayMs: 80 }));
  });
  afterEach(async () => {
    await Promise.all([openai.close(), anthropic.close()]);
  });

  function router(perProvider: Record<string, number>): ModelRouter {
    return new ModelRouter({
      models: BUILT_IN_MODELS,
      registry: new ProviderRegistry({
        providers: {
          openai: { apiKey: TEST_API_KEY, baseURL: openai.baseURL },
          anthropic: { apiKey: TEST_API_KEY, baseURL: anthropic.baseURL, maxConcurrency: 3 },
        },
        simulationEnabled: false,
      }),
      concurrency: { perProvider },
    });
  }

  it('never has more than N calls in flight to a provider, and still completes every call', async () => {
    const r = router({ openai: 2 });
    const calls = Array.from({ length: 9 }, () => r.adapterFor([]).complete(request(builtIn('gpt-4o'))));
    const responses = await Promise.all(calls);
    expect(responses.every((x) => x.text === 'ok')).toBe(true);
    expect(openai.requests).toHaveLength(9);
    expect(openai.maxInFlight).toBe(2);
  });

  it('limits each provider separately, using the provider setting when no override is given', async () => {
    const r = router({ openai: 1 });
    await Promise.all([
      ...Array.from({ length: 5 }, () => r.adapterFor([]).complete(request(builtIn('gpt-4o-mini')))),
      ...Array.from({ length: 7 }, () => r.adapterFor([]).complete(request(builtIn('claude-haiku-3.5')))),
    ]);
    expect(openai.maxInFlight).toBe(1);
    expect(anthropic.maxInFlight).toBe(3);
  });

  it('a higher limit really lets more through (the measurement can tell the difference)', async () => {
    const r = router({ openai: 6 });
    await Promise.all(Array.from({ length: 6 }, () => r.adapterFor([]).complete(request(builtIn('gpt-4o')))));
    expect(openai.maxInFlight).toBeGreaterThan(2);
    expect(openai.maxInFlight).toBeLessThanOrEqual(6);
  });
});

describe('ConcurrencyLimiter', () => {
  it('hands slots over in arrival order and lets an aborted waiter leave the queue', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    const order: string[] = [];
    const controller = new AbortController();
    const a = limiter.acquire().then((r) => (order.push('a'), r));
    const b = limiter.acquire(controller.signal).then(
      () => order.push('b'),
      () => order.push('b aborted'),
    );
    const c = limiter.acquire().then((r) => (order.push('c'), r));
    expect(limiter.waiting).toBe(3);
    controller.abort();
    await b;
    release();
    (await a)();
    (await c)();
    expect(order).toEqual(['b aborted', 'a', 'c']);
    expect(limiter.inUse).toBe(0);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow('at least 1');
  });
});
