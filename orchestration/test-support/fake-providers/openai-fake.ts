/**
 * A loopback server speaking OpenAI Chat Completions (`POST /v1/chat/completions`), as JSON or as SSE chunks:
 * a role chunk, content deltas, tool-call deltas (id and name first, then argument fragments), a finish chunk,
 * a usage chunk with empty `choices` when `stream_options.include_usage` is set, then `data: [DONE]`.
 */
import type { ServerResponse } from 'node:http';
import { FakeProviderServer, type RecordedRequest, type RouteMatch } from './fake-server';
import { estimateTokens, splitIntoPieces, type ScriptedReplyOf } from './script';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

const FINISH: Record<string, string> = { end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length' };

export class FakeOpenAIServer extends FakeProviderServer {
  get baseURL(): string {
    return `${this.origin}/v1`;
  }

  protected match(method: string, path: string, body: any): RouteMatch | undefined {
    if (method !== 'POST' || path !== '/v1/chat/completions') return undefined;
    return { streaming: body?.stream === true, model: body?.model };
  }

  protected errorBody(status: number, message: string): unknown {
    return { error: { message, type: ERROR_TYPES[status] ?? 'server_error', param: null, code: status === 429 ? 'rate_limit_exceeded' : null } };
  }

  protected streamErrorEvents(status: number, message: string, request: RecordedRequest): Array<{ event?: string; data: unknown }> {
    const start = { id: 'chatcmpl-fake-err', object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
    return [{ data: start }, { data: this.errorBody(status, message) }];
  }

  protected sendReply(res: ServerResponse, reply: ScriptedReplyOf<'reply'>, request: RecordedRequest, id: string): void {
    const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
      id: call.id ?? `call_fake_${id}_${i}`,
      type: 'function' as const,
      function: { name: call.name, arguments: JSON.stringify(call.input) },
    }));
    const usage = reply.usage ?? {
      inputTokens: estimateTokens(request.body?.messages),
      outputTokens: estimateTokens([reply.text ?? '', toolCalls]),
    };
    const finishReason = FINISH[reply.stopReason ?? (toolCalls.length ? 'tool_use' : 'end_turn')];
    const base = { id: `chatcmpl-fake-${id}`, created: Math.floor(Date.now() / 1000), model: request.model, system_fingerprint: 'fp_fake' };
    const usageBody = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
    if (!request.streaming) {
      this.sendJson(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.text ?? null, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: usageBody,
      });
      return;
    }
    const chunk = (delta: unknown, finish: string | null = null) => ({
      data: { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] },
    });
    const events = [chunk({ role: 'assistant', content: '', refusal: null })];
    for (const piece of splitIntoPieces(reply.text ?? '')) events.push(chunk({ content: piece }));
    toolCalls.forEach((call, index) => {
      events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
      for (const piece of splitIntoPieces(call.function.arguments, 4)) {
        events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    });
    events.push(chunk({}, finishReason));
    if (request.body?.stream_options?.include_usage) {
      events.push({ data: { ...base, object: 'chat.completion.chunk', choices: [], usage: usageBody } as any });
    }
    this.sendSse(res, events, 'data: [DONE]\n\n');
  }
}
