/**
 * The one interface every model provider is reached through (Anthropic, OpenAI-compatible, Gemini, simulator).
 * Messages and tools go in; normalised text, tool calls, usage and a stop reason come out.
 */

export type ModelTier = 'top' | 'mid' | 'low';
export type ProviderName = 'anthropic' | 'openai' | 'google' | 'simulator' | (string & {});

/** A model as the router and adapters see it (a row of the `models` table, or the CLI's built-in list). */
export interface ModelInfo {
  /** Our id, e.g. `claude-sonnet-4`. */
  id: string;
  provider: ProviderName;
  /** The name the provider's API expects, e.g. `claude-sonnet-4-20250514`. */
  apiModelName: string;
  tier: ModelTier;
  /** USD per 1,000 input tokens, as a decimal string (exact money, no float drift). */
  inputPricePer1k: string;
  /** USD per 1,000 output tokens, as a decimal string. */
  outputPricePer1k: string;
  contextWindow: number;
  capabilities: { tools: boolean; streaming: boolean; structuredOutput: boolean };
  active: boolean;
}

export interface TextBlock {
  type: 'text';
  text: string;
}
export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}
export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string;
  isError?: boolean;
}
export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the tool's input object. */
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  model: ModelInfo;
  system: string;
  messages: ChatMessage[];
  tools: ToolDefinition[];
  maxOutputTokens: number;
  /** Aborts the call (gate time-out, run cancelled). */
  signal?: AbortSignal;
  /** Streaming text deltas, as they arrive. */
  onTextDelta?: (delta: string) => void;
  /**
   * Facts about the gate for providers that need them (the simulator writes files that satisfy the contract).
   * Real providers ignore it.
   */
  gateContext?: unknown;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'other';

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  text: string;
  toolCalls: ToolUseBlock[];
  usage: ModelUsage;
  stopReason: StopReason;
  /** The provider's answer as received (stored as the round's raw output). */
  raw: unknown;
  /** True when the simulator produced this answer. */
  simulated?: boolean;
  /**
   * The model that actually answered, set by the router: differs from `request.model` after a fallback, so cost
   * must be computed from this model's prices.
   */
  servedBy?: ModelInfo;
}

export interface ModelAdapter {
  readonly provider: ProviderName;
  complete(request: ModelRequest): Promise<ModelResponse>;
}

/** Why a provider call failed, normalised across SDKs so the router can decide to retry, fall back or give up. */
export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly kind: 'rate_limited' | 'server_error' | 'timeout' | 'malformed' | 'auth' | 'bad_request' | 'aborted',
    readonly retryAfterMs?: number,
    readonly status?: number,
    /** The provider that failed (e.g. `anthropic`), when known. */
    readonly provider?: ProviderName,
  ) {
    super(message);
    this.name = 'ModelCallError';
  }
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server_error' || this.kind === 'timeout';
  }
}
