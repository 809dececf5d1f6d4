/**
 * The model router: picks the model for a gate (see model-selection.ts) and hands out a `ModelAdapter` that wraps
 * every call with retries (exponential back-off, full jitter, `retry-after` honoured), a fallback chain when a
 * provider fails, per-provider concurrency limits and the simulator for providers without credentials. Every
 * decision lands in the attempt's `RoutingLog`.
 */
import { ConcurrencyLimiter } from './concurrency-limiter';
import type { ModelAdapter, ModelInfo, ModelRequest, ModelResponse, ModelTier } from './model-adapter';
import { ModelCallError } from './model-adapter';
import { findModel, selectModel, type ModelSelection, type ModelSelectionInput } from './model-selection';
import { normaliseProviderError } from './provider-errors';
import type { ProviderRegistry, ProviderResolution } from './provider-registry';
import { abortableSleep, DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy';
import type { RoutingEntry, RoutingLog } from './routing-log';

export interface FallbackConfig {
  /** Models to try, in order, when this model's provider fails. Wins over the tier chain. */
  byModel?: Record<string, readonly string[]>;
  /** Per tier: every other model of the list is a fallback for a model of that tier, in list order. */
  byTier?: Partial<Record<ModelTier, readonly string[]>>;
}

/** Same tier, other providers. */
export const DEFAULT_FALLBACKS_BY_TIER: Readonly<Record<ModelTier, readonly string[]>> = {
  top: ['claude-opus-4', 'gpt-5.3', 'o3'],
  mid: ['claude-sonnet-4', 'gpt-4o', 'gemini-2.5-pro'],
  low: ['claude-haiku-3.5', 'gpt-4o-mini', 'gemini-2.5-flash'],
};

type ErrorKind = ModelCallError['kind'];

/** Failures that say "this provider cannot serve now", as opposed to "this request is wrong". */
export const DEFAULT_FALLBACK_ON: readonly ErrorKind[] = ['rate_limited', 'server_error', 'timeout', 'auth'];

export const DEFAULT_PROVIDER_CONCURRENCY = 8;

export interface ModelRouterOptions {
  /** The models table (or the CLI's built-in list). */
  models: readonly ModelInfo[];
  registry: ProviderRegistry;
  defaultModelByTier?: Partial<Record<ModelTier, string>>;
  /** Default: `{ byTier: DEFAULT_FALLBACKS_BY_TIER }`. Pass `{}` for no fallbacks. */
  fallbacks?: FallbackConfig;
  fallbackOn?: readonly ErrorKind[];
  retry?: Partial<RetryPolicy>;
  /**
   * Most calls in flight per provider. Order of precedence: `perProvider`, the provider's own `maxConcurrency`
   * setting, `default` (8). The simulator is unlimited unless named in `perProvider`.
   */
  concurrency?: { default?: number; perProvider?: Record<string, number> };
  /** Injectable for tests: waiting, randomness and the clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

export class ModelRouter {
  readonly retryPolicy: RetryPolicy;
  private readonly fallbacks: FallbackConfig;
  private readonly fallbackOn: ReadonlySet<ErrorKind>;
  private readonly limiters = new Map<string, ConcurrencyLimiter | null>();
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(private readonly options: ModelRouterOptions) {
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!(this.retryPolicy.maxAttempts >= 1)) throw new Error('retry.maxAttempts must be at least 1');
    this.fallbacks = options.fallbacks ?? { byTier: DEFAULT_FALLBACKS_BY_TIER };
    this.fallbackOn = new Set(options.fallbackOn ?? DEFAULT_FALLBACK_ON);
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  get models(): readonly ModelInfo[] {
    return this.options.models;
  }

  /** Chooses the model for a gate and records the choice (and anything skipped or escalated) in `log`. */
  select(input: ModelSelectionInput, log: RoutingLog): ModelSelection {
    const selection = selectModel(input, { models: this.options.models, defaultModelByTier: this.options.defaultModelByTier });
    for (const skipped of selection.skipped) this.record(log, { type: 'skipped', modelId: skipped.modelId, reason: skipped.reason });
    if (selection.escalatedFrom) {
      this.record(log, {
        type: 'escalated',
        fromModelId: selection.escalatedFrom.id,
        toModelId: selection.model.id,
        fromTier: selection.escalatedFrom.tier,
        toTier: selection.model.tier,
        reason: selection.reason,
      });
    }
    this.record(log, { type: 'selected', modelId: selection.model.id, provider: selection.model.provider, source: selection.source, reason: selection.reason });
    return selection;
  }

  /**
   * THE entry point for the gate executor: the model for this attempt and the adapter to call it through.
   * Pass `selection.model` as `request.model`; read `response.servedBy` (for prices) and `response.simulated`.
   */
  route(input: ModelSelectionInput, log: RoutingLog): { selection: ModelSelection; adapter: ModelAdapter } {
    return { selection: this.select(input, log), adapter: this.adapterFor(log) };
  }

  /** An adapter whose calls are routed and logged into `log` (one per attempt). */
  adapterFor(log: RoutingLog): ModelAdapter {
    return new RoutedAdapter(this, log);
  }

  /** The models tried after `model`, in order, active only. */
  fallbackChain(model: ModelInfo): ModelInfo[] {
    const ids = this.fallbacks.byModel?.[model.id] ?? this.fallbacks.byTier?.[model.tier] ?? [];
    const out: ModelInfo[] = [];
    for (const id of ids) {
      const candidate = findModel(this.options.models, id);
      if (candidate && candidate.active && candidate.id !== model.id && !out.includes(candidate)) out.push(candidate);
    }
    return out;
  }

  /** The limiter for a provider, created on first use; null means unlimited. */
  limiterFor(provider: string): ConcurrencyLimiter | null {
    if (!this.limiters.has(provider)) {
      const configured =
        this.options.concurrency?.perProvider?.[provider] ??
        this.options.registry.maxConcurrency(provider) ??
        (provider === 'simulator' ? undefined : this.options.concurrency?.default ?? DEFAULT_PROVIDER_CONCURRENCY);
      this.limiters.set(provider, configured === undefined ? null : new ConcurrencyLimiter(configured));
    }
    return this.limiters.get(provider)!;
  }

  /**
   * One logical call: `startAt` (or the requested model), then its fallbacks; each with retries. Falls to the
   * simulator only when no model in the chain has a usable provider and simulation is enabled.
   */
  async call(request: ModelRequest, log: RoutingLog, startAt?: ModelInfo): Promise<ModelResponse> {
    const requested = request.model;
    const first = startAt ?? requested;
    const chain = [first, ...[requested, ...this.fallbackChain(requested)].filter((m) => m.id !== first.id && m.active)].filter(
      (m, i, all) => all.findIndex((o) => o.id === m.id) === i,
    );
    let lastError: ModelCallError | undefined;
    let lastTried: ModelInfo | undefined;
    const unusable: string[] = [];
    for (const model of chain) {
      const resolution = this.options.registry.resolve(model.provider);
      if (!resolution.usable) {
        unusable.push(resolution.reason);
        this.record(log, { type: 'skipped', modelId: model.id, reason: resolution.reason });
        continue;
      }
      if (model !== first) {
        this.record(log, {
          type: 'fallback',
          fromModelId: (lastTried ?? first).id,
          toModelId: model.id,
          reason: lastError ? lastError.message : unusable[unusable.length - 1] ?? 'previous model unavailable',
        });
      }
      if (resolution.simulated) {
        this.record(log, { type: 'simulated', modelId: model.id, provider: model.provider, reason: 'the model is served by the simulator' });
      }
      try {
        const response = await this.callWithRetries(model, resolution, request, log);
        return { ...response, servedBy: model, simulated: response.simulated === true || resolution.simulated };
      } catch (err) {
        const error = this.toModelCallError(err, model, request);
        if (!this.fallbackOn.has(error.kind)) {
          this.record(log, { type: 'failed', modelId: model.id, provider: model.provider, errorKind: error.kind, error: error.message });
          throw error;
        }
        lastError = error;
        lastTried = model;
      }
    }
    if (lastError && lastTried) {
      this.record(log, { type: 'failed', modelId: lastTried.id, provider: lastTried.provider, errorKind: lastError.kind, error: lastError.message });
      throw lastError;
    }
    // No model in the chain has a usable provider.
    const simulator = this.options.registry.simulator;
    if (this.options.registry.simulationEnabled && simulator) {
      this.record(log, { type: 'simulated', modelId: first.id, provider: first.provider, reason: `simulation enabled and ${unusable[0]}` });
      const resolution: ProviderResolution = { usable: true, provider: 'simulator', adapter: simulator, simulated: true };
      const response = await this.callWithRetries(first, resolution, request, log);
      return { ...response, servedBy: first, simulated: true };
    }
    const error = new ModelCallError(
      `${unusable[0] ?? `provider "${first.provider}" is unavailable`}; simulation is disabled, so model ${first.id} cannot be served`,
      'auth',
      undefined,
      undefined,
      first.provider,
    );
    this.record(log, { type: 'failed', modelId: first.id, provider: first.provider, errorKind: 'auth', error: error.message });
    throw error;
  }

  private async callWithRetries(
    model: ModelInfo,
    resolution: Extract<ProviderResolution, { usable: true }>,
    request: ModelRequest,
    log: RoutingLog,
  ): Promise<ModelResponse> {
    const limiter = this.limiterFor(resolution.provider);
    for (let attempt = 1; ; attempt++) {
      try {
        const call = () => resolution.adapter.complete({ ...request, model });
        return limiter ? await limiter.run(call, request.signal) : await call();
      } catch (err) {
        const error = this.toModelCallError(err, model, request);
        if (!error.retryable || attempt >= this.retryPolicy.maxAttempts) throw error;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.retryPolicy.maxRetryAfterMs) {
          throw new ModelCallError(
            `${error.message} (asked to wait ${error.retryAfterMs} ms, longer than the ${this.retryPolicy.maxRetryAfterMs} ms we wait)`,
            error.kind,
            error.retryAfterMs,
            error.status,
            error.provider,
          );
        }
        const delayMs = retryDelayMs(attempt, error, this.retryPolicy, this.random);
        this.record(log, {
          type: 'retry',
          modelId: model.id,
          provider: model.provider,
          attempt,
          delayMs,
          errorKind: error.kind,
          error: error.message,
          ...(error.status !== undefined ? { status: error.status } : {}),
          ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
        });
        try {
          await this.sleep(delayMs, request.signal);
        } catch (sleepErr) {
          throw this.toModelCallError(sleepErr, model, request);
        }
      }
    }
  }

  private toModelCallError(err: unknown, model: ModelInfo, request: ModelRequest): ModelCallError {
    if (err instanceof ModelCallError) return err;
    if (request.signal?.aborted) {
      return new ModelCallError(`${model.provider} ${model.apiModelName}: call aborted by the caller`, 'aborted', undefined, undefined, model.provider);
    }
    return normaliseProviderError(err, { provider: model.provider, model: model.apiModelName });
  }

  private record(log: RoutingLog, entry: RoutingEntry): void {
    log.push({ ...entry, at: this.now().toISOString() } as RoutingLog[number]);
  }
}

/**
 * What the tool loop calls. Sticky within an attempt: once a fallback model has answered, later rounds start
 * there, so one conversation is not bounced between providers round after round.
 */
export class RoutedAdapter implements ModelAdapter {
  readonly provider = 'router';
  /** Requested model id → the model that last answered for it. */
  private readonly current = new Map<string, ModelInfo>();

  constructor(
    private readonly router: ModelRouter,
    readonly log: RoutingLog,
  ) {}

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const served = this.current.get(request.model.id);
    const response = await this.router.call(request, this.log, served && served.id !== request.model.id ? served : undefined);
    if (response.servedBy) this.current.set(request.model.id, response.servedBy);
    return response;
  }
}
