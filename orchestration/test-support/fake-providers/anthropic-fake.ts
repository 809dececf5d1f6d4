/**
 * A loopback server speaking the Anthropic Messages API (`POST /v1/messages`), as JSON or as the SSE event sequence
 * the real API sends: message_start, content_block_start / delta / stop per block, message_delta (stop reason and
 * usage), message_stop.
 */
import type { ServerResponse } from 'node:http';
import { FakeProviderServer, type RecordedRequest, type RouteMatch } from './fake-server';
import { estimateTokens, splitIntoPieces, type ScriptedReplyOf } from './script';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export class FakeAnthropicServer extends FakeProviderServer {
  get baseURL(): string {
    return this.origin;
  }

  protected match(method: string, path: string, body: any): RouteMatch | undefined {
    if (method !== 'POST' || path !== '/v1/messages') return undefined;
    return { streaming: body?.stream === true, model: body?.model };
  }

  protected errorBody(status: number, message: string): unknown {
    return { type: 'error', error: { type: ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message } };
  }

  protected streamErrorEvents(status: number, message: string, request: RecordedRequest): Array<{ event?: string; data: unknown }> {
    return [
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: { id: 'msg_fake_err', type: 'message', role: 'assistant', model: request.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } },
        },
      },
      { event: 'error', data: this.errorBody(status, message) },
    ];
  }

  protected sendReply(res: ServerResponse, reply: ScriptedReplyOf<'reply'>, request: RecordedRequest, id: string): void {
    const content = contentBlocks(reply, id);
    const usage = reply.usage ?? { inputTokens: estimateTokens(request.body?.messages), outputTokens: estimateTokens(content) };
    const stopReason = reply.stopReason ?? (reply.toolCalls?.length ? 'tool_use' : 'end_turn');
    const messageId = `msg_fake_${id}`;
    if (!request.streaming) {
      this.sendJson(res, 200, {
        id: messageId,
        type: 'message',
        role: 'assistant',
        model: request.model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      });
      return;
    }
    const events: Array<{ event: string; data: unknown }> = [
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            id: messageId,
            type: 'message',
            role: 'assistant',
            model: request.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: usage.inputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
          },
        },
      },
      { event: 'ping', data: { type: 'ping' } },
    ];
    content.forEach((block, index) => {
      if (block.type === 'text') {
        events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } });
        for (const piece of splitIntoPieces(block.text)) {
          events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } } });
        }
      } else {
        events.push({
          event: 'content_block_start',
          data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } },
        });
        for (const piece of splitIntoPieces(JSON.stringify(block.input), 4)) {
          events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } } });
        }
      }
      events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
    });
    events.push(
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    );
    this.sendSse(res, events);
  }
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function contentBlocks(reply: ScriptedReplyOf<'reply'>, id: string): Block[] {
  const blocks: Block[] = [];
  if (reply.text) blocks.push({ type: 'text', text: reply.text });
  (reply.toolCalls ?? []).forEach((call, i) =>
    blocks.push({ type: 'tool_use', id: call.id ?? `toolu_fake_${id}_${i}`, name: call.name, input: call.input }),
  );
  return blocks;
}
