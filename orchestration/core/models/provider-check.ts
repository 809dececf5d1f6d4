/**
 * The admin "test connection" action: one tiny call (no tools, one output token) through the provider's adapter,
 * reporting success, latency, or the normalised error — never the key.
 */
import type { ModelInfo } from './model-adapter';
import { ModelCallError } from './model-adapter';
import { normaliseProviderError } from './provider-errors';
import type { ProviderRegistry } from './provider-registry';

export interface ProviderCheckResult {
  provider: string;
  ok: boolean;
  checkedAt: string;
  latencyMs: number;
  modelId: string;
  error?: { kind: ModelCallError['kind']; message: string; status?: number };
}

export async function checkProviderConnection(
  registry: ProviderRegistry,
  provider: string,
  model: ModelInfo,
  options: { signal?: AbortSignal; now?: () => Date } = {},
): Promise<ProviderCheckResult> {
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const base = { provider, checkedAt: now().toISOString(), modelId: model.id };
  const resolution = registry.resolve(provider);
  if (!resolution.usable) {
    return { ...base, ok: false, latencyMs: 0, error: { kind: 'auth', message: resolution.reason } };
  }
  try {
    await resolution.adapter.complete({
      model: { ...model, provider },
      system: '',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Reply with OK.' }] }],
      tools: [],
      maxOutputTokens: 1,
      signal: options.signal,
    });
    return { ...base, ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    const error = normaliseProviderError(err, { provider, model: model.apiModelName });
    return {
      ...base,
      ok: false,
      latencyMs: Date.now() - started,
      error: { kind: error.kind, message: error.message, ...(error.status !== undefined ? { status: error.status } : {}) },
    };
  }
}
