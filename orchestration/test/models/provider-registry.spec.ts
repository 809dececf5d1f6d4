/**
 * Providers without credentials: fall back to a configured provider, else the simulator when simulation is on
 * (flagged simulated), else a clear auth error naming the provider. Plus environment parsing and status output.
 */
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import type { ModelAdapter, ModelRequest, ModelResponse } from '../../core/models/model-adapter';
import { OpenAIAdapter } from '../../core/models/openai-adapter';
import {
  mergeProviderConfigs,
  ProviderRegistry,
  providerConfigFromEnv,
  type ProviderConfig,
} from '../../core/models/provider-registry';
import { checkProviderConnection } from '../../core/models/provider-check';
import { providerRegistryFromSources } from '../../core/models/provider-registry';
import { ModelRouter } from '../../core/models/router';
import type { RoutingLog } from '../../core/models/routing-log';
import { fault, FakeOpenAIServer, reply } from '../../test-support/fake-providers';
import { TEST_API_KEY, builtIn, request } from './provider-fixtures';

/** Stands in for core/simulator's adapter: answers and remembers what it was asked. */
class StubSimulator implements ModelAdapter {
  readonly provider = 'simulator';
  readonly calls: ModelRequest[] = [];
  async complete(req: ModelRequest): Promise<ModelResponse> {
    this.calls.push(req);
    return { text: 'simulated answer', toolCalls: [], usage: { inputTokens: 50, outputTokens: 20 }, stopReason: 'end_turn', raw: {}, simulated: true };
  }
}

function routerWith(providers: Record<string, ProviderConfig>, simulationEnabled: boolean, simulator?: ModelAdapter): ModelRouter {
  return new ModelRouter({ models: BUILT_IN_MODELS, registry: new ProviderRegistry({ providers, simulationEnabled, simulator }) });
}

describe('providers without credentials', () => {
  it('with simulation enabled and no keys at all, the simulator serves and the answer is flagged', async () => {
    const simulator = new StubSimulator();
    const log: RoutingLog = [];
    const response = await routerWith({}, true, simulator).adapterFor(log).complete(request(builtIn('claude-sonnet-4')));
    expect(response.simulated).toBe(true);
    expect(response.text).toBe('simulated answer');
    expect(response.servedBy?.id).toBe('claude-sonnet-4');
    expect(simulator.calls).toHaveLength(1);
    expect(simulator.calls[0].model.id).toBe('claude-sonnet-4');
    const last = log[log.length - 1];
    expect(last).toMatchObject({ type: 'simulated', modelId: 'claude-sonnet-4', reason: expect.stringContaining('no credentials for provider "anthropic"') });
    // Each model of the chain was considered and skipped for lack of credentials, with the reason.
    expect(log.filter((e) => e.type === 'skipped').map((e) => (e as { modelId: string }).modelId)).toEqual(['claude-sonnet-4', 'gpt-4o', 'gemini-2.5-pro']);
  });

  it('with simulation disabled, fails with an auth error that names the provider and how to fix it', async () => {
    const log: RoutingLog = [];
    const error = await routerWith({}, false, new StubSimulator()).adapterFor(log).complete(request(builtIn('claude-sonnet-4'))).catch((e) => e);
    expect(error).toMatchObject({ kind: 'auth', provider: 'anthropic' });
    expect(error.message).toContain('no credentials for provider "anthropic"');
    expect(error.message).toContain('ANTHROPIC_API_KEY');
    expect(error.message).toContain('simulation is disabled');
    expect(log[log.length - 1]).toMatchObject({ type: 'failed', errorKind: 'auth' });
  });

  it('prefers a configured provider of the fallback chain over the simulator', async () => {
    const server = await new FakeOpenAIServer().start();
    try {
      server.enqueue(reply.text('real answer from gpt-4o'));
      const simulator = new StubSimulator();
      const log: RoutingLog = [];
      const response = await routerWith({ openai: { apiKey: TEST_API_KEY, baseURL: server.baseURL } }, true, simulator)
        .adapterFor(log)
        .complete(request(builtIn('claude-sonnet-4')));
      expect(response.simulated).toBe(false);
      expect(response.servedBy?.id).toBe('gpt-4o');
      expect(simulator.calls).toHaveLength(0);
      expect(log.map((e) => e.type)).toEqual(['skipped', 'fallback']);
      expect(log[1]).toMatchObject({ fromModelId: 'claude-sonnet-4', toModelId: 'gpt-4o', reason: expect.stringContaining('no credentials') });
    } finally {
      await server.close();
    }
  });

  it('a model whose provider is the simulator is served by it directly', async () => {
    const simulator = new StubSimulator();
    const simModel = { ...builtIn('claude-haiku-3.5'), id: 'sim-fast', provider: 'simulator', apiModelName: 'sim-fast' };
    const router = new ModelRouter({
      models: [...BUILT_IN_MODELS, simModel],
      registry: new ProviderRegistry({ providers: {}, simulationEnabled: false, simulator }),
    });
    const log: RoutingLog = [];
    const response = await router.adapterFor(log).complete(request(simModel));
    expect(response.simulated).toBe(true);
    expect(log).toEqual([expect.objectContaining({ type: 'simulated', modelId: 'sim-fast' })]);
  });
});

describe('ProviderRegistry', () => {
  it('reads keys and base URLs from the environment, ignoring empty values', () => {
    expect(
      providerConfigFromEnv({ ANTHROPIC_API_KEY: 'sk-ant-1', OPENAI_API_KEY: '', OPENAI_BASE_URL: 'http://localhost:11434/v1', GOOGLE_API_KEY: 'g-key-1' }),
    ).toEqual({
      anthropic: { apiKey: 'sk-ant-1' },
      openai: { baseURL: 'http://localhost:11434/v1' },
      google: { apiKey: 'g-key-1' },
    });
  });

  it('layers the stored settings over the environment field by field', () => {
    expect(mergeProviderConfigs({ openai: { apiKey: 'from-env', baseURL: 'http://a' } }, { openai: { apiKey: 'from-store', baseURL: undefined } })).toEqual({
      openai: { apiKey: 'from-store', baseURL: 'http://a' },
    });
  });

  it('a local OpenAI-compatible server needs only its address; api.openai.com needs a key', () => {
    const registry = new ProviderRegistry({
      providers: { ollama: { baseURL: 'http://127.0.0.1:11434/v1' }, openai: { baseURL: 'https://api.openai.com/v1' }, anthropic: { enabled: false, apiKey: 'sk-ant-xxxxxxxx' } },
      simulationEnabled: false,
    });
    expect(registry.isUsable('ollama')).toBe(true);
    expect(registry.isUsable('openai')).toBe(false);
    expect(registry.unusableReason('anthropic')).toBe('provider "anthropic" is disabled');
    const ollama = registry.resolve('ollama');
    expect(ollama.usable && ollama.adapter).toBeInstanceOf(OpenAIAdapter);
    expect(ollama.usable && ollama.adapter.provider).toBe('ollama');
  });

  it('statuses show configuration and the last four characters of a key, never the key', () => {
    const key = 'sk-ant-api03-SECRETSECRETSECRET-wxyz';
    const registry = new ProviderRegistry({ providers: { anthropic: { apiKey: key } }, simulationEnabled: true, simulator: new StubSimulator() });
    const statuses = registry.statuses();
    expect(JSON.stringify(statuses)).not.toContain('SECRET');
    expect(statuses.find((s) => s.provider === 'anthropic')).toMatchObject({ configured: true, usable: true, keyLastFour: 'wxyz' });
    expect(statuses.find((s) => s.provider === 'openai')).toMatchObject({ configured: false, usable: false, reason: expect.stringContaining('OPENAI_API_KEY') });
    expect(statuses.find((s) => s.provider === 'simulator')).toMatchObject({ usable: true });
  });

  it('sends the configured key to the provider and nowhere else in what it returns', async () => {
    const server = await new FakeOpenAIServer().start();
    try {
      const key = 'sk-proj-VERYSECRETVALUE-1234';
      server.enqueue(reply.text('hello'));
      const log: RoutingLog = [];
      const response = await routerWith({ openai: { apiKey: key, baseURL: server.baseURL } }, false).adapterFor(log).complete(request(builtIn('gpt-4o')));
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${key}`);
      expect(JSON.stringify({ text: response.text, raw: response.raw, log })).not.toContain('VERYSECRET');
    } finally {
      await server.close();
    }
  });
});

describe('test connection', () => {
  it('reports success with latency, then a rejected key as auth with the provider message, never the key', async () => {
    const server = await new FakeOpenAIServer().start();
    try {
      const key = 'sk-proj-CHECKSECRET-9876';
      const registry = providerRegistryFromSources({
        env: { OPENAI_API_KEY: 'sk-env-ignored-0000', OPENAI_BASE_URL: server.baseURL },
        stored: { openai: { apiKey: key } },
        simulationEnabled: false,
      });
      server.enqueue(reply.text('OK'), fault.error(401, 'Incorrect API key provided'));
      const ok = await checkProviderConnection(registry, 'openai', builtIn('gpt-4o-mini'));
      expect(ok).toMatchObject({ provider: 'openai', ok: true, modelId: 'gpt-4o-mini' });
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${key}`); // the stored key won over the environment
      expect(server.requests[0].body.max_tokens).toBe(1);
      const bad = await checkProviderConnection(registry, 'openai', builtIn('gpt-4o-mini'));
      expect(bad).toMatchObject({ ok: false, error: { kind: 'auth', status: 401, message: expect.stringContaining('Incorrect API key provided') } });
      expect(JSON.stringify(bad)).not.toContain('CHECKSECRET');
    } finally {
      await server.close();
    }
  });

  it('says why when the provider has no credentials', async () => {
    const result = await checkProviderConnection(providerRegistryFromSources({ env: {}, simulationEnabled: false }), 'anthropic', builtIn('claude-haiku-3.5'));
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', message: expect.stringContaining('ANTHROPIC_API_KEY') } });
  });
});
