/** When and how long to wait before calling a provider again. */
import type { ModelCallError } from './model-adapter';

export interface RetryPolicy {
  /** Calls to one model per logical call, the first included. Default 3. */
  maxAttempts: number;
  /** Back-off base: the n-th retry waits up to base × 2^(n-1), randomised ("full jitter"). Default 1 s. */
  baseDelayMs: number;
  /** Cap on one back-off wait. Default 30 s. */
  maxDelayMs: number;
  /** A `retry-after` longer than this is not waited for; the router falls back instead. Default 60 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/**
 * The wait before retry number `retry` (1 = the first retry). A provider's `retry-after` is honoured exactly;
 * otherwise full jitter: uniform in [0, min(max, base × 2^(retry-1))].
 */
export function retryDelayMs(retry: number, error: ModelCallError, policy: RetryPolicy, random: () => number): number {
  if (error.retryAfterMs !== undefined) return Math.max(0, Math.ceil(error.retryAfterMs));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Abortable wait; rejects with the signal's reason when aborted. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
