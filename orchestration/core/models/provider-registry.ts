/**
 * Which providers can serve calls, built from credentials (environment or the encrypted store) and settings.
 * A provider without credentials is unusable; the router then falls back, or uses the simulator when simulation
 * is enabled, or fails with an `auth` error that names the provider.
 */
import type { ProviderAdapterOptions } from './adapter-options';
import { AnthropicAdapter } from './anthropic-adapter';
import { lastFour } from './credentials';
import { GeminiAdapter } from './gemini-adapter';
import type { ModelAdapter, ProviderName } from './model-adapter';
import { OpenAIAdapter } from './openai-adapter';

/** The wire protocol a provider entry speaks. */
export type ProviderProtocol = 'anthropic' | 'openai' | 'google';

export interface ProviderConfig {
  apiKey?: string;
  baseURL?: string;
  /** Default: by name (`anthropic`, `openai`, `google`/`gemini`); any other name is OpenAI-compatible. */
  protocol?: ProviderProtocol;
  /** False turns the provider off even with a key. */
  enabled?: boolean;
  timeoutMs?: number;
  streaming?: ProviderAdapterOptions['streaming'];
  defaultHeaders?: Record<string, string>;
  /** Most calls in flight at once to this provider. */
  maxConcurrency?: number;
  /** OpenAI-compatible only: how the output cap is sent. */
  maxTokensParameter?: 'max_tokens' | 'max_completion_tokens';
}

export interface ProviderRegistryOptions {
  providers: Record<string, ProviderConfig | undefined>;
  /** Serve calls for providers without credentials from the simulator. */
  simulationEnabled: boolean;
  /** The simulator adapter (from core/simulator); required for simulation to happen. */
  simulator?: ModelAdapter;
  /** How adapters are made; tests and special deployments may swap it. */
  createAdapter?: (provider: string, protocol: ProviderProtocol, config: ProviderConfig) => ModelAdapter;
}

export type ProviderResolution =
  | { usable: true; provider: string; adapter: ModelAdapter; simulated: boolean }
  | { usable: false; provider: string; reason: string };

export interface ProviderStatus {
  provider: string;
  protocol: ProviderProtocol | 'simulator';
  configured: boolean;
  enabled: boolean;
  usable: boolean;
  baseURL?: string;
  /** Only the last four characters of the key, never more. */
  keyLastFour?: string;
  reason?: string;
}

/** Environment variables read for the built-in providers. */
export const PROVIDER_ENV: Readonly<Record<'anthropic' | 'openai' | 'google', { key: string[]; baseURL: string }>> = {
  anthropic: { key: ['ANTHROPIC_API_KEY'], baseURL: 'ANTHROPIC_BASE_URL' },
  openai: { key: ['OPENAI_API_KEY'], baseURL: 'OPENAI_BASE_URL' },
  google: { key: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], baseURL: 'GEMINI_BASE_URL' },
};

export function protocolOf(provider: string, config?: ProviderConfig): ProviderProtocol {
  if (config?.protocol) return config.protocol;
  if (provider === 'anthropic') return 'anthropic';
  if (provider === 'google' || provider === 'gemini') return 'google';
  return 'openai';
}

/** Provider settings from the environment (built-in providers only). Empty values count as unset. */
export function providerConfigFromEnv(env: Record<string, string | undefined> = process.env): Record<string, ProviderConfig> {
  const out: Record<string, ProviderConfig> = {};
  for (const [provider, vars] of Object.entries(PROVIDER_ENV)) {
    const apiKey = vars.key.map((k) => env[k]?.trim()).find(Boolean);
    const baseURL = env[vars.baseURL]?.trim() || undefined;
    if (apiKey || baseURL) out[provider] = { ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL } : {}) };
  }
  return out;
}

/** Layers provider settings: later layers win field by field; undefined fields do not erase earlier ones. */
export function mergeProviderConfigs(...layers: Array<Record<string, ProviderConfig | undefined> | undefined>): Record<string, ProviderConfig> {
  const out: Record<string, ProviderConfig> = {};
  for (const layer of layers) {
    for (const [provider, config] of Object.entries(layer ?? {})) {
      if (!config) continue;
      const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined && v !== ''));
      out[provider] = { ...out[provider], ...defined };
    }
  }
  return out;
}

/**
 * The registry as a server or CLI builds it: environment settings, overlaid by stored (decrypted) settings —
 * an operator's explicit entry wins over the environment.
 */
export function providerRegistryFromSources(options: {
  env?: Record<string, string | undefined>;
  stored?: Record<string, ProviderConfig | undefined>;
  simulationEnabled: boolean;
  simulator?: ModelAdapter;
}): ProviderRegistry {
  return new ProviderRegistry({
    providers: mergeProviderConfigs(providerConfigFromEnv(options.env ?? process.env), options.stored),
    simulationEnabled: options.simulationEnabled,
    simulator: options.simulator,
  });
}

export function defaultAdapterFactory(provider: string, protocol: ProviderProtocol, config: ProviderConfig): ModelAdapter {
  const options: ProviderAdapterOptions = {
    apiKey: config.apiKey ?? '',
    baseURL: config.baseURL,
    timeoutMs: config.timeoutMs,
    streaming: config.streaming,
    defaultHeaders: config.defaultHeaders,
  };
  switch (protocol) {
    case 'anthropic':
      return new AnthropicAdapter(options);
    case 'google':
      return new GeminiAdapter(options);
    case 'openai':
      return new OpenAIAdapter({ ...options, providerName: provider, maxTokensParameter: config.maxTokensParameter });
  }
}

export class ProviderRegistry {
  private readonly adapters = new Map<string, ModelAdapter>();

  constructor(private readonly options: ProviderRegistryOptions) {}

  get simulationEnabled(): boolean {
    return this.options.simulationEnabled && this.options.simulator !== undefined;
  }

  get simulator(): ModelAdapter | undefined {
    return this.options.simulator;
  }

  config(provider: ProviderName): ProviderConfig | undefined {
    return this.options.providers[provider];
  }

  maxConcurrency(provider: ProviderName): number | undefined {
    return this.options.providers[provider]?.maxConcurrency;
  }

  /** Why a provider cannot serve, or undefined when it can. */
  unusableReason(provider: ProviderName): string | undefined {
    if (provider === 'simulator') return this.options.simulator ? undefined : 'the simulator is not available in this process';
    const config = this.options.providers[provider];
    if (config?.enabled === false) return `provider "${provider}" is disabled`;
    const protocol = protocolOf(provider, config);
    if (config?.apiKey) return undefined;
    // A local OpenAI-compatible server (Ollama, LM Studio, vLLM) needs only its address.
    if (protocol === 'openai' && config?.baseURL && !/api\.openai\.com/i.test(config.baseURL)) return undefined;
    const env = PROVIDER_ENV[provider as keyof typeof PROVIDER_ENV];
    const where = env ? `set ${env.key[0]} or add the key under Models & providers in the admin console` : 'add its key (or base URL) under Models & providers in the admin console';
    return `no credentials for provider "${provider}": ${where}`;
  }

  isUsable(provider: ProviderName): boolean {
    return this.unusableReason(provider) === undefined;
  }

  /** The adapter that serves `provider`, or why none can. Never substitutes the simulator (the router decides that). */
  resolve(provider: ProviderName): ProviderResolution {
    const reason = this.unusableReason(provider);
    if (reason) return { usable: false, provider, reason };
    if (provider === 'simulator') return { usable: true, provider, adapter: this.options.simulator!, simulated: true };
    let adapter = this.adapters.get(provider);
    if (!adapter) {
      const config = this.options.providers[provider] ?? {};
      adapter = (this.options.createAdapter ?? defaultAdapterFactory)(provider, protocolOf(provider, config), config);
      this.adapters.set(provider, adapter);
    }
    return { usable: true, provider, adapter, simulated: false };
  }

  /** What the admin providers page shows: status and the last four characters of the key, nothing more. */
  statuses(): ProviderStatus[] {
    const names = new Set<string>([...Object.keys(PROVIDER_ENV), ...Object.keys(this.options.providers)]);
    const out: ProviderStatus[] = [...names].map((provider) => {
      const config = this.options.providers[provider];
      const reason = this.unusableReason(provider);
      return {
        provider,
        protocol: protocolOf(provider, config),
        configured: Boolean(config?.apiKey || config?.baseURL),
        enabled: config?.enabled !== false,
        usable: reason === undefined,
        ...(config?.baseURL ? { baseURL: config.baseURL } : {}),
        ...(config?.apiKey ? { keyLastFour: lastFour(config.apiKey) } : {}),
        ...(reason ? { reason } : {}),
      };
    });
    out.push({
      provider: 'simulator',
      protocol: 'simulator',
      configured: this.options.simulator !== undefined,
      enabled: this.options.simulationEnabled,
      usable: this.simulationEnabled,
    });
    return out;
  }
}
