/**
 * What a fake provider answers, one entry per request, in order. Replies are protocol-neutral; each fake server
 * renders them in its own wire format (JSON or SSE).
 */

export interface ScriptedToolCall {
  name: string;
  input: Record<string, unknown>;
  /** Defaults to a generated id (Gemini: omitted, as Gemini usually sends none). */
  id?: string;
}

export interface ScriptedUsage {
  inputTokens: number;
  outputTokens: number;
}

export type ScriptedReply =
  | {
      type: 'reply';
      text?: string;
      toolCalls?: ScriptedToolCall[];
      /** Default: derived from the request and reply sizes (about 4 characters a token). */
      usage?: ScriptedUsage;
      /** Default: `tool_use` when there are tool calls, else `end_turn`. */
      stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
      /** Wait this long before answering (to overlap requests, or to make a call slow). */
      delayMs?: number;
    }
  | { type: 'rate_limited'; retryAfter?: string; retryAfterMs?: number; message?: string; delayMs?: number }
  | { type: 'server_error'; status?: number; message?: string; delayMs?: number }
  | { type: 'error'; status: number; message: string }
  /**
   * Accepts the request and never finishes (for time-outs). `afterHeaders`: answers 200 with stream headers
   * first and then goes silent, as a provider stalling mid-stream does.
   */
  | { type: 'hang'; afterHeaders?: boolean }
  /** A stream that starts well and then carries the provider's in-stream error event (e.g. overloaded). */
  | { type: 'stream_error'; status: number; message: string }
  /** Answers 200 with a body that is not what the protocol promises; `sse` sends it as a stream event. */
  | { type: 'malformed'; body: string; sse?: boolean };

export type ScriptedReplyOf<T extends ScriptedReply['type']> = Extract<ScriptedReply, { type: T }>;

/** Builders, so tests read as a script: `server.enqueue(fault.rateLimited('2'), reply.text('done'))`. */
export const reply = {
  text(text: string, usage?: ScriptedUsage, extra: Partial<ScriptedReplyOf<'reply'>> = {}): ScriptedReply {
    return { type: 'reply', text, usage, ...extra };
  },
  toolCalls(toolCalls: ScriptedToolCall[], opts: { text?: string; usage?: ScriptedUsage; delayMs?: number } = {}): ScriptedReply {
    return { type: 'reply', toolCalls, ...opts };
  },
};

export const fault = {
  /** 429; `retryAfter` is the `retry-after` header value as sent (seconds or an HTTP date). */
  rateLimited(retryAfter?: string, message = 'Rate limit reached for requests'): ScriptedReply {
    return { type: 'rate_limited', retryAfter, message };
  },
  rateLimitedMs(retryAfterMs: number, message = 'Rate limit reached for requests'): ScriptedReply {
    return { type: 'rate_limited', retryAfterMs, message };
  },
  serverError(status = 500, message = 'The server had an error while processing your request'): ScriptedReply {
    return { type: 'server_error', status, message };
  },
  error(status: number, message: string): ScriptedReply {
    return { type: 'error', status, message };
  },
  hang(): ScriptedReply {
    return { type: 'hang' };
  },
  stall(): ScriptedReply {
    return { type: 'hang', afterHeaders: true };
  },
  /** Default: the provider's "overloaded" error arriving inside an already-started stream. */
  streamError(status = 529, message = 'Overloaded'): ScriptedReply {
    return { type: 'stream_error', status, message };
  },
  malformed(body = '{"id": "broken", "content": [ {"type": "te', opts: { sse?: boolean } = {}): ScriptedReply {
    return { type: 'malformed', body, ...opts };
  },
};

/** Roughly 4 characters a token: good enough for default usage figures, which tests override when they assert. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Splits text into up to `pieces` parts so streams carry several deltas. */
export function splitIntoPieces(text: string, pieces = 3): string[] {
  if (text.length <= 1) return text ? [text] : [];
  const size = Math.ceil(text.length / Math.min(pieces, text.length));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
