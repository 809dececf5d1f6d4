/**
 * The router around real adapters and fake servers: retries honouring retry-after, fallback when a provider is
 * down, time-outs, malformed replies — one logical call each, with every decision in the routing log.
 */
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { ModelCallError } from '../../core/models/model-adapter';
import { ProviderRegistry, type ProviderConfig } from '../../core/models/provider-registry';
import { ModelRouter, type ModelRouterOptions } from '../../core/models/router';
import type { RoutingLog } from '../../core/models/routing-log';
import { FakeAnthropicServer, FakeOpenAIServer, fault, reply, type FakeProviderServer } from '../../test-support/fake-providers';
import { PROVIDERS, TEST_API_KEY, builtIn, request, type ProviderFixture } from './provider-fixtures';

/** For each provider, a same-tier model on another provider to fall back to. */
const FALLBACK_FOR: Record<ProviderFixture['provider'], ProviderFixture['provider']> = { anthropic: 'openai', openai: 'google', google: 'anthropic' };

describe.each(PROVIDERS)('router with $provider as the primary provider', (fixture) => {
  const fallbackFixture = PROVIDERS.find((p) => p.provider === FALLBACK_FOR[fixture.provider])!;
  let primary: FakeProviderServer;
  let secondary: FakeProviderServer;
  let sleeps: number[];

  beforeEach(async () => {
    primary = await fixture.makeServer().start();
    secondary = await fallbackFixture.makeServer().start();
    sleeps = [];
  });
  afterEach(async () => {
    await Promise.all([primary.close(), secondary.close()]);
  });

  function makeRouter(overrides: Partial<ModelRouterOptions> = {}, timeoutMs = 5_000): ModelRouter {
    const providers: Record<string, ProviderConfig> = {
      [fixture.provider]: { apiKey: TEST_API_KEY, baseURL: primary.baseURL, timeoutMs },
      [fallbackFixture.provider]: { apiKey: TEST_API_KEY, baseURL: secondary.baseURL, timeoutMs },
    };
    return new ModelRouter({
      models: BUILT_IN_MODELS,
      registry: new ProviderRegistry({ providers, simulationEnabled: false }),
      fallbacks: { byModel: { [fixture.model.id]: [fallbackFixture.model.id] } },
      retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...overrides,
    });
  }

  it('429 then success is one logical call with the retry recorded and retry-after honoured', async () => {
    primary.enqueue(fault.rateLimited('2', 'slow down please'), reply.text('made it', { inputTokens: 10, outputTokens: 4 }));
    const log: RoutingLog = [];
    const adapter = makeRouter().adapterFor(log);
    const response = await adapter.complete(request(fixture.model));

    expect(response.text).toBe('made it');
    expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 4 });
    expect(response.servedBy?.id).toBe(fixture.model.id);
    expect(response.simulated).toBe(false);
    expect(primary.requests).toHaveLength(2);
    expect(sleeps).toEqual([2_000]);
    expect(log).toEqual([
      {
        type: 'retry',
        at: expect.any(String),
        modelId: fixture.model.id,
        provider: fixture.provider,
        attempt: 1,
        delayMs: 2_000,
        errorKind: 'rate_limited',
        error: expect.stringContaining('slow down please'),
        status: 429,
        retryAfterMs: 2_000,
      },
    ]);
  });

  it('provider down (500s): retries with jittered back-off, then the fallback model serves and it is recorded', async () => {
    primary.always(fault.serverError(500, 'primary is down'));
    secondary.enqueue(reply.text('from the fallback', { inputTokens: 7, outputTokens: 3 }));
    const log: RoutingLog = [];
    const response = await makeRouter().adapterFor(log).complete(request(fixture.model));

    expect(response.text).toBe('from the fallback');
    expect(response.servedBy?.id).toBe(fallbackFixture.model.id);
    expect(primary.requests).toHaveLength(3);
    expect(secondary.requests).toHaveLength(1);
    expect(secondary.requests[0].model).toBe(fallbackFixture.model.apiModelName);
    // Full jitter with random() = 0.5: half of 1 s, then half of 2 s.
    expect(sleeps).toEqual([500, 1_000]);
    expect(log.map((e) => e.type)).toEqual(['retry', 'retry', 'fallback']);
    expect(log[2]).toMatchObject({
      type: 'fallback',
      fromModelId: fixture.model.id,
      toModelId: fallbackFixture.model.id,
      reason: expect.stringContaining('primary is down'),
    });
  });

  it('a hung provider times out, is retried, and ends as a timeout error when nothing else can serve', async () => {
    primary.always(fault.hang());
    const log: RoutingLog = [];
    const router = makeRouter({ retry: { maxAttempts: 2 }, fallbacks: {} }, 250);
    const error = await router.adapterFor(log).complete(request(fixture.model)).catch((e) => e);

    expect(error).toBeInstanceOf(ModelCallError);
    expect(error.kind).toBe('timeout');
    expect(primary.requests).toHaveLength(2);
    expect(log.map((e) => e.type)).toEqual(['retry', 'failed']);
    expect(log[1]).toMatchObject({ errorKind: 'timeout', modelId: fixture.model.id });
  });

  it('a malformed reply fails at once with the provider named: no retry, no fallback, no crash', async () => {
    primary.enqueue(fault.malformed());
    secondary.always(reply.text('should not be asked'));
    const log: RoutingLog = [];
    const error = await makeRouter().adapterFor(log).complete(request(fixture.model)).catch((e) => e);

    expect(error).toMatchObject({ kind: 'malformed', provider: fixture.provider });
    expect(error.message).toContain(fixture.model.apiModelName);
    expect(primary.requests).toHaveLength(1);
    expect(secondary.requests).toHaveLength(0);
    expect(log).toEqual([expect.objectContaining({ type: 'failed', errorKind: 'malformed' })]);
  });

  it('a retry-after longer than we are willing to wait falls back instead of sleeping', async () => {
    primary.enqueue(fault.rateLimited('3600'));
    secondary.enqueue(reply.text('fallback answered'));
    const log: RoutingLog = [];
    const response = await makeRouter().adapterFor(log).complete(request(fixture.model));
    expect(response.servedBy?.id).toBe(fallbackFixture.model.id);
    expect(sleeps).toEqual([]);
    expect(log).toEqual([expect.objectContaining({ type: 'fallback', reason: expect.stringContaining('longer than the 60000 ms we wait') })]);
  });

  it('stays on the fallback model for the later rounds of the same attempt', async () => {
    primary.always(fault.serverError(503, 'overloaded'));
    secondary.enqueue(reply.text('round one'), reply.text('round two'));
    const log: RoutingLog = [];
    const adapter = makeRouter({ retry: { maxAttempts: 1 } }).adapterFor(log);
    await adapter.complete(request(fixture.model));
    const second = await adapter.complete(request(fixture.model));
    expect(second.text).toBe('round two');
    expect(second.servedBy?.id).toBe(fallbackFixture.model.id);
    expect(primary.requests).toHaveLength(1);
    expect(log.filter((e) => e.type === 'fallback')).toHaveLength(1);
  });
});

describe('router retries without retry-after', () => {
  it('backs off exponentially with full jitter, capped', async () => {
    const server = await new FakeOpenAIServer().start();
    try {
      server.enqueue(fault.serverError(), fault.serverError(), fault.serverError(), fault.serverError(), reply.text('finally'));
      const sleeps: number[] = [];
      const router = new ModelRouter({
        models: BUILT_IN_MODELS,
        registry: new ProviderRegistry({ providers: { openai: { apiKey: TEST_API_KEY, baseURL: server.baseURL } }, simulationEnabled: false }),
        fallbacks: {},
        retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 500 },
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.999,
      });
      const log: RoutingLog = [];
      const response = await router.adapterFor(log).complete(request(builtIn('gpt-4o')));
      expect(response.text).toBe('finally');
      // Ceilings 100, 200, 400, then capped at 500; random() just under 1 picks just under each ceiling.
      expect(sleeps).toEqual([99, 199, 399, 499]);
      expect(log.map((e) => (e.type === 'retry' ? e.attempt : 0))).toEqual([1, 2, 3, 4]);
    } finally {
      await server.close();
    }
  });

  it('a cancelled call stops waiting and is not retried', async () => {
    const server = await new FakeAnthropicServer().start();
    try {
      server.always(fault.serverError());
      const router = new ModelRouter({
        models: BUILT_IN_MODELS,
        registry: new ProviderRegistry({ providers: { anthropic: { apiKey: TEST_API_KEY, baseURL: server.baseURL } }, simulationEnabled: false }),
        fallbacks: {},
        retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
        random: () => 1,
      });
      const controller = new AbortController();
      const log: RoutingLog = [];
      const pending = router.adapterFor(log).complete(request(builtIn('claude-sonnet-4'), { signal: controller.signal }));
      setTimeout(() => controller.abort(), 100);
      const error = await pending.catch((e) => e);
      expect(error).toMatchObject({ kind: 'aborted' });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
