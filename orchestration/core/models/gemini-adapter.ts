/** Google Gemini through `@google/genai`: tools as function declarations, `functionCall` / `functionResponse` parts. */
import { randomUUID } from 'node:crypto';
import type { Content, GenerateContentParameters, GenerateContentResponse, GoogleGenAI, Part } from '@google/genai';
import { DEFAULT_CALL_TIMEOUT_MS, emitDelta, wantsStreaming, type ProviderAdapterOptions } from './adapter-options';
import { startCallDeadline } from './call-deadline';
import { ModelCallError, type ChatMessage, type ModelAdapter, type ModelRequest, type ModelResponse, type StopReason, type ToolUseBlock } from './model-adapter';
import { MalformedReplyError, normaliseProviderError } from './provider-errors';

export type GeminiAdapterOptions = ProviderAdapterOptions;

/** Ids we invent for function calls Gemini sent without one; never sent back to Gemini. */
const SYNTHETIC_ID_PREFIX = 'esy-call-';
/** Thinking models require the signature of a function call to come back with it; we keep recent ones here. */
const MAX_REMEMBERED_SIGNATURES = 10_000;

export class GeminiAdapter implements ModelAdapter {
  readonly provider = 'google';
  private readonly timeoutMs: number;
  private readonly thoughtSignatures = new Map<string, string>();
  /** The SDK is loaded with the first call: a process that never calls Gemini never loads it (memory, start-up). */
  private client: Promise<GoogleGenAI> | null = null;

  constructor(private readonly options: GeminiAdapterOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  private loadClient(): Promise<GoogleGenAI> {
    this.client ??= import('@google/genai').then(
      (module) =>
        new module.GoogleGenAI({
          vertexai: false,
          apiKey: this.options.apiKey,
          // No `retryOptions`: the SDK then makes exactly one attempt and the router owns retries.
          httpOptions: {
            ...(this.options.baseURL ? { baseUrl: this.options.baseURL } : {}),
            timeout: this.timeoutMs,
            ...(this.options.defaultHeaders ? { headers: this.options.defaultHeaders } : {}),
          },
        }),
    );
    return this.client;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const deadline = startCallDeadline(request.signal, this.timeoutMs);
    // Gemini's SDK errors carry no headers; a fetch of our own keeps them so `retry-after` can be honoured.
    let responseHeaders: Headers | undefined;
    const capturingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      responseHeaders = response.headers;
      return response;
    };
    try {
      const client = await this.loadClient();
      const params = this.toGeminiParams(request);
      params.config = { ...params.config, abortSignal: deadline.signal, httpOptions: { fetch: capturingFetch } };
      if (wantsStreaming(this.options.streaming, request)) {
        const stream = await client.models.generateContentStream(params);
        const chunks: GenerateContentResponse[] = [];
        for await (const chunk of stream) {
          chunks.push(chunk);
          for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
            if (typeof part.text === 'string' && !part.thought) emitDelta(request.onTextDelta, part.text);
          }
        }
        return this.fromGeminiChunks(chunks);
      }
      return this.fromGeminiChunks([await client.models.generateContent(params)]);
    } catch (err) {
      throw normaliseProviderError(err, {
        provider: this.provider,
        model: request.model.apiModelName,
        deadline,
        timeoutMs: this.timeoutMs,
        responseHeaders,
      });
    } finally {
      deadline.dispose();
    }
  }

  toGeminiParams(request: ModelRequest): GenerateContentParameters {
    const toolNames = new Map<string, string>();
    const contents: Content[] = request.messages.map((message) => this.toGeminiContent(message, toolNames, request.model.apiModelName));
    return {
      model: request.model.apiModelName,
      contents,
      config: {
        maxOutputTokens: request.maxOutputTokens,
        ...(request.system ? { systemInstruction: request.system } : {}),
        ...(request.tools.length
          ? {
              tools: [
                {
                  functionDeclarations: request.tools.map((tool) => ({
                    name: tool.name,
                    description: tool.description,
                    parametersJsonSchema: tool.inputSchema,
                  })),
                },
              ],
            }
          : {}),
      },
    };
  }

  private toGeminiContent(message: ChatMessage, toolNames: Map<string, string>, model: string): Content {
    const parts: Part[] = message.content.map((block): Part => {
      switch (block.type) {
        case 'text':
          return { text: block.text };
        case 'tool_use': {
          toolNames.set(block.id, block.name);
          const signature = this.thoughtSignatures.get(block.id);
          return {
            functionCall: { ...(block.id.startsWith(SYNTHETIC_ID_PREFIX) ? {} : { id: block.id }), name: block.name, args: block.input },
            ...(signature ? { thoughtSignature: signature } : {}),
          };
        }
        case 'tool_result': {
          const name = toolNames.get(block.toolUseId);
          if (!name) {
            throw new ModelCallError(`google ${model}: tool result ${block.toolUseId} answers no earlier tool call`, 'bad_request', undefined, undefined, 'google');
          }
          return {
            functionResponse: {
              ...(block.toolUseId.startsWith(SYNTHETIC_ID_PREFIX) ? {} : { id: block.toolUseId }),
              name,
              response: block.isError ? { error: block.content } : { output: block.content },
            },
          };
        }
      }
    });
    return { role: message.role === 'assistant' ? 'model' : 'user', parts };
  }

  /** One answer from one or more chunks (a non-streamed answer is a single chunk). */
  fromGeminiChunks(chunks: GenerateContentResponse[]): ModelResponse {
    if (chunks.length === 0) throw new MalformedReplyError('the stream ended without any chunk');
    let text = '';
    let finishReason: string | undefined;
    let sawCandidate = false;
    const toolCalls: ToolUseBlock[] = [];
    let usage: GenerateContentResponse['usageMetadata'];
    for (const chunk of chunks) {
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
      const candidate = chunk.candidates?.[0];
      if (!candidate) continue;
      sawCandidate = true;
      if (candidate.finishReason) finishReason = candidate.finishReason;
      for (const part of candidate.content?.parts ?? []) {
        if (typeof part.text === 'string' && !part.thought) text += part.text;
        if (part.functionCall) toolCalls.push(this.toToolUse(part, toolCalls.length));
      }
    }
    if (!sawCandidate) {
      const blocked = chunks.find((c) => c.promptFeedback?.blockReason)?.promptFeedback;
      throw new MalformedReplyError(
        blocked ? `no candidates (prompt blocked: ${blocked.blockReason} ${blocked.blockReasonMessage ?? ''})`.trim() : 'the reply has no `candidates`',
      );
    }
    const stopReason: StopReason =
      toolCalls.length ? 'tool_use' : finishReason === 'STOP' ? 'end_turn' : finishReason === 'MAX_TOKENS' ? 'max_tokens' : 'other';
    return {
      text,
      toolCalls,
      usage: {
        inputTokens: usage?.promptTokenCount ?? 0,
        // Thinking tokens are billed as output.
        outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
      },
      stopReason,
      raw: chunks.length === 1 ? chunks[0] : { streamed: true, chunks },
    };
  }

  private toToolUse(part: Part, index: number): ToolUseBlock {
    const call = part.functionCall!;
    if (!call.name) throw new MalformedReplyError(`function call ${index} has no name`);
    const args = call.args ?? {};
    if (typeof args !== 'object' || Array.isArray(args)) throw new MalformedReplyError(`function call ${call.name} has non-object args`);
    const id = call.id || `${SYNTHETIC_ID_PREFIX}${randomUUID()}`;
    if (part.thoughtSignature) this.rememberSignature(id, part.thoughtSignature);
    return { type: 'tool_use', id, name: call.name, input: args };
  }

  private rememberSignature(id: string, signature: string): void {
    if (this.thoughtSignatures.size >= MAX_REMEMBERED_SIGNATURES) {
      const oldest = this.thoughtSignatures.keys().next().value;
      if (oldest !== undefined) this.thoughtSignatures.delete(oldest);
    }
    this.thoughtSignatures.set(id, signature);
  }
}
