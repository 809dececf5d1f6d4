/** Anthropic Messages API through `@anthropic-ai/sdk`: tools as `tool_use` / `tool_result` blocks, optional streaming. */
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_CALL_TIMEOUT_MS, emitDelta, wantsStreaming, type ProviderAdapterOptions } from './adapter-options';
import { startCallDeadline } from './call-deadline';
import type { ChatMessage, ModelAdapter, ModelRequest, ModelResponse, StopReason, ToolUseBlock } from './model-adapter';
import { MalformedReplyError, normaliseProviderError } from './provider-errors';

export type AnthropicAdapterOptions = ProviderAdapterOptions;

export class AnthropicAdapter implements ModelAdapter {
  readonly provider = 'anthropic';
  private readonly timeoutMs: number;
  /** The SDK is loaded with the first call: a process that never calls Anthropic never loads it (memory, start-up). */
  private sdk: Promise<{ client: Anthropic; module: typeof import('@anthropic-ai/sdk') }> | null = null;

  constructor(private readonly options: AnthropicAdapterOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  private loadSdk() {
    this.sdk ??= import('@anthropic-ai/sdk').then((module) => ({
      module,
      client: new module.default({
        apiKey: this.options.apiKey,
        baseURL: this.options.baseURL ?? 'https://api.anthropic.com',
        // The router owns retries (with back-off, logging and fallback); the SDK must not retry behind its back.
        maxRetries: 0,
        timeout: this.timeoutMs,
        defaultHeaders: this.options.defaultHeaders,
        logLevel: 'off',
      }),
    }));
    return this.sdk;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const deadline = startCallDeadline(request.signal, this.timeoutMs);
    const params = toAnthropicParams(request);
    const { client, module: sdk } = await this.loadSdk();
    try {
      if (wantsStreaming(this.options.streaming, request)) {
        const stream = client.messages.stream(params, { signal: deadline.signal });
        stream.on('text', (delta) => emitDelta(request.onTextDelta, delta));
        return fromAnthropicMessage(await stream.finalMessage());
      }
      return fromAnthropicMessage(await client.messages.create(params, { signal: deadline.signal }));
    } catch (err) {
      throw normaliseProviderError(err, {
        provider: this.provider,
        model: request.model.apiModelName,
        deadline,
        timeoutMs: this.timeoutMs,
        classifySdkError: (e) =>
          e instanceof sdk.APIConnectionTimeoutError ? 'timeout'
          : e instanceof sdk.APIUserAbortError ? 'aborted'
          : e instanceof sdk.APIConnectionError ? 'connection'
          : undefined,
      });
    } finally {
      deadline.dispose();
    }
  }
}

export function toAnthropicParams(request: ModelRequest): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: request.model.apiModelName,
    max_tokens: request.maxOutputTokens,
    ...(request.system ? { system: request.system } : {}),
    messages: request.messages.map(toAnthropicMessage),
    ...(request.tools.length
      ? {
          tools: request.tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            input_schema: tool.inputSchema as Anthropic.Tool.InputSchema,
          })),
        }
      : {}),
  };
}

function toAnthropicMessage(message: ChatMessage): Anthropic.MessageParam {
  return {
    role: message.role,
    content: message.content.map((block): Anthropic.ContentBlockParam => {
      switch (block.type) {
        case 'text':
          return { type: 'text', text: block.text };
        case 'tool_use':
          return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
        case 'tool_result':
          return { type: 'tool_result', tool_use_id: block.toolUseId, content: block.content, ...(block.isError ? { is_error: true } : {}) };
      }
    }),
  };
}

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
};

export function fromAnthropicMessage(message: Anthropic.Message): ModelResponse {
  if (!message || !Array.isArray(message.content)) throw new MalformedReplyError('the message has no `content` array');
  const usage = message.usage;
  if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') {
    throw new MalformedReplyError('the message has no `usage.input_tokens` / `usage.output_tokens`');
  }
  let text = '';
  const toolCalls: ToolUseBlock[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      const input = block.input;
      if (typeof block.id !== 'string' || typeof block.name !== 'string' || !input || typeof input !== 'object' || Array.isArray(input)) {
        throw new MalformedReplyError(`tool_use block ${JSON.stringify(block.id)} lacks an id, a name or an object input`);
      }
      toolCalls.push({ type: 'tool_use', id: block.id, name: block.name, input: input as Record<string, unknown> });
    }
  }
  return {
    text,
    toolCalls,
    usage: {
      // Cache writes and reads are input tokens too; we do not request caching, but count them if a server reports them.
      inputTokens: usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
      outputTokens: usage.output_tokens,
    },
    stopReason: STOP_REASONS[message.stop_reason ?? ''] ?? (toolCalls.length ? 'tool_use' : 'other'),
    raw: message,
  };
}
