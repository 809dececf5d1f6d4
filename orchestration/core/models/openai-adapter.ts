/**
 * OpenAI Chat Completions through the `openai` SDK, with function calling. With a base URL it serves any
 * OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, OpenRouter, Together, DeepSeek…).
 */
import type OpenAI from 'openai';
import { DEFAULT_CALL_TIMEOUT_MS, emitDelta, wantsStreaming, type ProviderAdapterOptions } from './adapter-options';
import { startCallDeadline } from './call-deadline';
import type { ChatMessage, ModelAdapter, ModelRequest, ModelResponse, ModelUsage, StopReason, ToolUseBlock } from './model-adapter';
import { MalformedReplyError, normaliseProviderError } from './provider-errors';

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ChatMessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface OpenAIAdapterOptions extends ProviderAdapterOptions {
  /** Our name for this endpoint (`openai`, or e.g. `ollama` for a compatible server). Default `openai`. */
  providerName?: string;
  /**
   * How the output cap is sent. OpenAI's newer models need `max_completion_tokens`; many compatible servers only
   * know `max_tokens`. Default: `max_completion_tokens` against OpenAI itself, `max_tokens` when a base URL is set.
   */
  maxTokensParameter?: 'max_tokens' | 'max_completion_tokens';
}

export class OpenAIAdapter implements ModelAdapter {
  readonly provider: string;
  private readonly timeoutMs: number;
  private readonly maxTokensParameter: 'max_tokens' | 'max_completion_tokens';
  /** The SDK is loaded with the first call: a process that never calls OpenAI never loads it (memory, start-up). */
  private sdk: Promise<{ client: OpenAI; module: typeof import('openai') }> | null = null;

  constructor(private readonly options: OpenAIAdapterOptions) {
    this.provider = options.providerName ?? 'openai';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.maxTokensParameter = options.maxTokensParameter ?? (options.baseURL ? 'max_tokens' : 'max_completion_tokens');
  }

  private loadSdk() {
    this.sdk ??= import('openai').then((module) => ({
      module,
      client: new module.default({
        // Local servers (Ollama, LM Studio) need no key, but the SDK insists on one.
        apiKey: this.options.apiKey || 'no-key-needed',
        baseURL: this.options.baseURL ?? 'https://api.openai.com/v1',
        organization: null,
        project: null,
        maxRetries: 0, // the router owns retries
        timeout: this.timeoutMs,
        defaultHeaders: this.options.defaultHeaders,
        logLevel: 'off',
      }),
    }));
    return this.sdk;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const deadline = startCallDeadline(request.signal, this.timeoutMs);
    const params = toOpenAIParams(request, this.maxTokensParameter);
    const { client, module: sdk } = await this.loadSdk();
    try {
      if (wantsStreaming(this.options.streaming, request)) {
        const stream = await client.chat.completions.create(
          { ...params, stream: true, stream_options: { include_usage: true } },
          { signal: deadline.signal },
        );
        return await collectStream(stream, request.onTextDelta);
      }
      return fromChatCompletion(await client.chat.completions.create(params, { signal: deadline.signal }));
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

export function toOpenAIParams(request: ModelRequest, maxTokensParameter: 'max_tokens' | 'max_completion_tokens'): ChatParams {
  const messages: ChatMessageParam[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push(...toOpenAIMessages(message));
  return {
    model: request.model.apiModelName,
    messages,
    [maxTokensParameter]: request.maxOutputTokens,
    ...(request.tools.length
      ? {
          tools: request.tools.map((tool) => ({
            type: 'function' as const,
            function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
          })),
        }
      : {}),
  };
}

/** One of our messages can become several: each tool result is its own `role: 'tool'` message. */
function toOpenAIMessages(message: ChatMessage): ChatMessageParam[] {
  const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  if (message.role === 'assistant') {
    const toolCalls = message.content.flatMap((b) => (b.type === 'tool_use' ? [b] : []));
    return [
      {
        role: 'assistant',
        content: text || null,
        ...(toolCalls.length
          ? {
              tool_calls: toolCalls.map((call) => ({
                id: call.id,
                type: 'function' as const,
                function: { name: call.name, arguments: JSON.stringify(call.input) },
              })),
            }
          : {}),
      },
    ];
  }
  const out: ChatMessageParam[] = [];
  for (const block of message.content) {
    if (block.type === 'tool_result') {
      // Chat Completions has no error flag on tool results; say it in the content so the model notices.
      out.push({ role: 'tool', tool_call_id: block.toolUseId, content: block.isError ? `ERROR: ${block.content}` : block.content });
    }
  }
  if (text) out.push({ role: 'user', content: text });
  return out;
}

const FINISH_REASONS: Record<string, StopReason> = {
  stop: 'end_turn',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  length: 'max_tokens',
};

function parseArguments(name: string, args: string | undefined): Record<string, unknown> {
  if (!args || !args.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch (err) {
    throw new MalformedReplyError(`arguments of tool call ${name} are not JSON (${(err as Error).message}): ${args.slice(0, 200)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MalformedReplyError(`arguments of tool call ${name} are not a JSON object: ${args.slice(0, 200)}`);
  }
  return parsed as Record<string, unknown>;
}

function toUsage(usage: OpenAI.CompletionUsage | null | undefined): ModelUsage {
  // Some compatible servers omit usage; we report zero rather than fail a good answer (see the adapter docs).
  return { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0 };
}

export function fromChatCompletion(completion: OpenAI.Chat.Completions.ChatCompletion): ModelResponse {
  const choice = completion?.choices?.[0];
  if (!choice || !choice.message) throw new MalformedReplyError('the completion has no `choices[0].message`');
  const toolCalls: ToolUseBlock[] = (choice.message.tool_calls ?? []).map((call, i) => {
    if (call.type !== 'function' || !call.function?.name) throw new MalformedReplyError(`tool call ${i} is not a named function call`);
    return { type: 'tool_use', id: call.id || `call_${i}`, name: call.function.name, input: parseArguments(call.function.name, call.function.arguments) };
  });
  return {
    text: choice.message.content ?? '',
    toolCalls,
    usage: toUsage(completion.usage),
    stopReason: FINISH_REASONS[choice.finish_reason ?? ''] ?? (toolCalls.length ? 'tool_use' : 'other'),
    raw: completion,
  };
}

interface ToolCallFragments {
  id?: string;
  name: string;
  args: string;
}

/** Reassembles a streamed completion: text deltas, tool calls whose arguments arrive in pieces, the usage chunk. */
async function collectStream(
  stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
  onTextDelta: ((delta: string) => void) | undefined,
): Promise<ModelResponse> {
  let text = '';
  let finishReason: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  let id: string | undefined;
  let model: string | undefined;
  let chunks = 0;
  const calls = new Map<number, ToolCallFragments>();
  for await (const chunk of stream) {
    chunks++;
    id ??= chunk.id;
    model ??= chunk.model;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta ?? {};
    if (delta.content) {
      text += delta.content;
      emitDelta(onTextDelta, delta.content);
    }
    for (const fragment of delta.tool_calls ?? []) {
      const call = calls.get(fragment.index) ?? { name: '', args: '' };
      if (fragment.id) call.id = fragment.id;
      const namePart = fragment.function?.name;
      if (namePart && namePart !== call.name) call.name += namePart;
      if (fragment.function?.arguments) call.args += fragment.function.arguments;
      calls.set(fragment.index, call);
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  if (chunks === 0) throw new MalformedReplyError('the stream ended without any chunk');
  const toolCalls: ToolUseBlock[] = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, call]) => {
      if (!call.name) throw new MalformedReplyError(`streamed tool call ${index} has no function name`);
      return { type: 'tool_use', id: call.id || `call_${index}`, name: call.name, input: parseArguments(call.name, call.args) };
    });
  return {
    text,
    toolCalls,
    usage: toUsage(usage),
    stopReason: FINISH_REASONS[finishReason ?? ''] ?? (toolCalls.length ? 'tool_use' : 'other'),
    raw: {
      id,
      model,
      streamed: true,
      choices: [{ index: 0, finish_reason: finishReason, message: { role: 'assistant', content: text, tool_calls: toolCalls.length ? [...calls.values()] : undefined } }],
      usage,
    },
  };
}
