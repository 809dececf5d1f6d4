/**
 * A loopback server speaking the Gemini API: `POST /v1beta/models/{model}:generateContent` (JSON) and
 * `:streamGenerateContent?alt=sse` (one `data:` chunk per text piece, function calls whole, usage on the last).
 */
import type { ServerResponse } from 'node:http';
import { FakeProviderServer, type RecordedRequest, type RouteMatch } from './fake-server';
import { estimateTokens, splitIntoPieces, type ScriptedReplyOf } from './script';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const FINISH: Record<string, string> = { end_turn: 'STOP', tool_use: 'STOP', max_tokens: 'MAX_TOKENS' };

export class FakeGeminiServer extends FakeProviderServer {
  get baseURL(): string {
    return this.origin;
  }

  protected match(method: string, path: string): RouteMatch | undefined {
    const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (method !== 'POST' || !m) return undefined;
    return { streaming: m[2] === 'streamGenerateContent', model: decodeURIComponent(m[1]) };
  }

  protected errorBody(status: number, message: string): unknown {
    return { error: { code: status, message, status: STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') } };
  }

  protected streamErrorEvents(status: number, message: string, request: RecordedRequest): Array<{ event?: string; data: unknown }> {
    return [
      { data: { candidates: [{ content: { role: 'model', parts: [{ text: 'Par' }] }, index: 0 }], modelVersion: request.model } },
      { data: this.errorBody(status, message) },
    ];
  }

  protected sendReply(res: ServerResponse, reply: ScriptedReplyOf<'reply'>, request: RecordedRequest): void {
    const calls = (reply.toolCalls ?? []).map((call) => ({ functionCall: { ...(call.id ? { id: call.id } : {}), name: call.name, args: call.input } }));
    const usage = reply.usage ?? { inputTokens: estimateTokens(request.body?.contents), outputTokens: estimateTokens([reply.text ?? '', calls]) };
    const usageMetadata = {
      promptTokenCount: usage.inputTokens,
      candidatesTokenCount: usage.outputTokens,
      totalTokenCount: usage.inputTokens + usage.outputTokens,
    };
    const finishReason = FINISH[reply.stopReason ?? 'end_turn'];
    const candidate = (parts: unknown[], finish?: string) => ({
      content: { role: 'model', parts },
      ...(finish ? { finishReason: finish } : {}),
      index: 0,
    });
    if (!request.streaming) {
      const parts = [...(reply.text ? [{ text: reply.text }] : []), ...calls];
      this.sendJson(res, 200, { candidates: [candidate(parts, finishReason)], usageMetadata, modelVersion: request.model, responseId: 'fake' });
      return;
    }
    const pieces = splitIntoPieces(reply.text ?? '');
    const chunks: unknown[][] = pieces.map((text) => [{ text }]);
    if (calls.length) chunks.push(calls);
    if (chunks.length === 0) chunks.push([{ text: '' }]);
    const events = chunks.map((parts, i) => {
      const last = i === chunks.length - 1;
      return {
        data: {
          candidates: [candidate(parts, last ? finishReason : undefined)],
          // Gemini reports usage on every chunk, cumulative; the last one is final.
          usageMetadata: last ? usageMetadata : { promptTokenCount: usage.inputTokens, totalTokenCount: usage.inputTokens },
          modelVersion: request.model,
          responseId: 'fake',
        },
      };
    });
    // Gemini separates SSE events with CRLF pairs.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) res.write(`data: ${JSON.stringify(event.data)}\r\n\r\n`);
    res.end();
  }
}
