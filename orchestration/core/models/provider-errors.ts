/**
 * Turns whatever an SDK throws into a `ModelCallError`, so the router decides retry / fallback / give up on one
 * vocabulary. The provider's own message is kept verbatim inside ours.
 */
import type { CallDeadline } from './call-deadline';
import { ModelCallError, type ProviderName } from './model-adapter';

/** Thrown by adapters when a reply parses but lacks what the protocol promises (no content, bad tool input…). */
export class MalformedReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedReplyError';
  }
}

type HeaderLookup = (name: string) => string | null | undefined;

/**
 * Milliseconds the provider asked us to wait: `retry-after-ms`, else `retry-after` as seconds or an HTTP date.
 * Undefined when absent or unreadable (the router then uses its own back-off).
 */
export function parseRetryAfterMs(header: HeaderLookup, nowMs: number = Date.now()): number | undefined {
  const ms = header('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = header('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** A header reader over the shapes SDK errors carry (a fetch `Headers`, a plain record, or nothing). */
export function headerLookup(headers: unknown): HeaderLookup {
  if (headers && typeof (headers as Headers).get === 'function') return (name) => (headers as Headers).get(name);
  if (headers && typeof headers === 'object') {
    const record = headers as Record<string, unknown>;
    return (name) => {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      const value = key === undefined ? undefined : record[key];
      return typeof value === 'string' ? value : undefined;
    };
  }
  return () => undefined;
}

export interface ErrorContext {
  provider: ProviderName;
  /** The provider's model name, to say which call failed. */
  model: string;
  deadline?: CallDeadline;
  timeoutMs?: number;
  /** Response headers captured outside the SDK (Gemini's errors do not carry them). */
  responseHeaders?: Headers;
  /** Recognises the SDK's own transport error classes (by `instanceof`, since not every SDK names them). */
  classifySdkError?: (err: unknown) => 'timeout' | 'aborted' | 'connection' | undefined;
}

/** The provider's message, unwrapped from a JSON error body when the SDK passes the body through as text. */
function providerMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const jsonStart = raw.indexOf('{');
  if (jsonStart >= 0) {
    try {
      const body = JSON.parse(raw.slice(jsonStart)) as { error?: { message?: unknown; status?: unknown } };
      const inner = body?.error?.message;
      if (typeof inner === 'string' && inner) {
        const prefix = raw.slice(0, jsonStart).trim();
        return [prefix, typeof body.error?.status === 'string' ? body.error.status : '', inner].filter(Boolean).join(' ');
      }
    } catch {
      // not JSON after all: keep the text as it is
    }
  }
  return raw || 'no message';
}

/** Anthropic sends failures inside a stream as an `error` event whose `error.type` names the cause. */
function errorTypeOf(err: unknown): string | undefined {
  const body = (err as { error?: { error?: { type?: unknown }; type?: unknown } })?.error;
  const type = body?.error?.type ?? body?.type;
  return typeof type === 'string' ? type : undefined;
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown; code?: unknown })?.status;
  return typeof status === 'number' && status >= 100 && status < 600 ? status : undefined;
}

function isConnectionFailure(err: unknown): boolean {
  if ((err as Error)?.name === 'APIConnectionError') return true;
  // Walk the cause chain: fetch wraps socket errors, and some SDKs wrap fetch's error again.
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code)) return true;
    if (current instanceof Error && /fetch failed|other side closed|socket hang up/i.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function normaliseProviderError(err: unknown, ctx: ErrorContext): ModelCallError {
  if (err instanceof ModelCallError) return err;
  const where = `${ctx.provider} ${ctx.model}`;
  const make = (kind: ModelCallError['kind'], what: string, retryAfterMs?: number, status?: number) =>
    new ModelCallError(`${where}: ${what}`, kind, retryAfterMs, status, ctx.provider);

  if (ctx.deadline?.timedOut()) return make('timeout', `no answer within ${ctx.timeoutMs ?? '?'} ms`);
  if (ctx.deadline?.callerAborted()) return make('aborted', 'call aborted by the caller');

  const name = (err as Error)?.name ?? '';
  const message = providerMessage(err);
  if (err instanceof MalformedReplyError) return make('malformed', `malformed reply: ${message}`);
  if (err instanceof SyntaxError || name === 'SyntaxError') return make('malformed', `unreadable reply: ${message}`);
  const sdkKind = ctx.classifySdkError?.(err);
  if (sdkKind === 'timeout' || /Timeout/i.test(name)) return make('timeout', `timed out: ${message}`);
  if (sdkKind === 'aborted' || name === 'APIUserAbortError' || name === 'AbortError') return make('aborted', `call aborted: ${message}`);
  if (sdkKind === 'connection') return make('server_error', `provider unreachable: ${message}`);

  const status = statusOf(err);
  const headers = (err as { headers?: unknown })?.headers ?? ctx.responseHeaders;
  if (status !== undefined) {
    if (status === 429) return make('rate_limited', `rate limited: ${message}`, parseRetryAfterMs(headerLookup(headers)), status);
    if (status === 408) return make('timeout', `timed out: ${message}`, undefined, status);
    if (status >= 500) return make('server_error', `server error: ${message}`, parseRetryAfterMs(headerLookup(headers)), status);
    if (status === 401 || status === 403) return make('auth', `not authorised: ${message}`, undefined, status);
    return make('bad_request', `request rejected: ${message}`, undefined, status);
  }

  // Errors sent inside a stream carry no HTTP status, only the provider's error type.
  const streamErrorType = errorTypeOf(err);
  if (streamErrorType) {
    if (/rate_limit/i.test(streamErrorType)) return make('rate_limited', `rate limited: ${message}`);
    if (/overloaded|api_error|server_error|internal|unavailable/i.test(streamErrorType)) return make('server_error', `server error: ${message}`);
    if (/authentication|permission|unauthenticated/i.test(streamErrorType)) return make('auth', `not authorised: ${message}`);
    if (/invalid_request|invalid_argument/i.test(streamErrorType)) return make('bad_request', `request rejected: ${message}`);
  }

  if (isConnectionFailure(err)) return make('server_error', `provider unreachable: ${message}`);
  // Anything else came out of reading the reply (an SDK parse failure, a stream that ended early, a shape we
  // could not map): the provider answered something we cannot use.
  return make('malformed', `unusable reply: ${message}`);
}
