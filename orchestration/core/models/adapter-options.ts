/** Settings every real-provider adapter accepts. */
export interface ProviderAdapterOptions {
  apiKey: string;
  /** The provider's endpoint; for OpenAI-compatible servers (Ollama, vLLM, LM Studio, OpenRouter…) this is required. */
  baseURL?: string;
  /** Wall time one model call may take, streaming included, before it fails as `timeout`. Default 10 minutes. */
  timeoutMs?: number;
  /**
   * `auto` streams when the caller listens for text deltas and the model can stream; `always` / `never` force it.
   * Default `auto`.
   */
  streaming?: 'auto' | 'always' | 'never';
  /** Extra HTTP headers sent with every call (e.g. OpenRouter's `HTTP-Referer`). */
  defaultHeaders?: Record<string, string>;
}

export const DEFAULT_CALL_TIMEOUT_MS = 10 * 60 * 1000;

export function wantsStreaming(
  option: ProviderAdapterOptions['streaming'],
  request: { onTextDelta?: unknown; model: { capabilities: { streaming: boolean } } },
): boolean {
  if (option === 'always') return true;
  if (option === 'never') return false;
  return typeof request.onTextDelta === 'function' && request.model.capabilities.streaming;
}

/** Calls the caller's delta listener without letting a listener bug break the model call. */
export function emitDelta(listener: ((delta: string) => void) | undefined, delta: string): void {
  if (!listener || !delta) return;
  try {
    listener(delta);
  } catch {
    // a failing progress listener must not fail the gate
  }
}
