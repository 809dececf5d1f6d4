/**
 * The three real-SDK adapters side by side with their fake servers, plus protocol-specific readers of what the
 * SDK actually sent, so one set of tests runs against every provider.
 */
import { AnthropicAdapter } from '../../core/models/anthropic-adapter';
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { GeminiAdapter } from '../../core/models/gemini-adapter';
import type { ChatMessage, ModelAdapter, ModelInfo, ModelRequest, ModelResponse, ToolDefinition } from '../../core/models/model-adapter';
import { OpenAIAdapter } from '../../core/models/openai-adapter';
import type { ProviderAdapterOptions } from '../../core/models/adapter-options';
import {
  FakeAnthropicServer,
  FakeGeminiServer,
  FakeOpenAIServer,
  type FakeProviderServer,
  type RecordedRequest,
} from '../../test-support/fake-providers';

export function builtIn(id: string): ModelInfo {
  const model = BUILT_IN_MODELS.find((m) => m.id === id);
  if (!model) throw new Error(`no built-in model ${id}`);
  return model;
}

export interface SentToolResult {
  id?: string;
  content: string;
}

export interface ProviderFixture {
  provider: 'anthropic' | 'openai' | 'google';
  model: ModelInfo;
  /** A model of the same tier on another provider, for fallback tests. */
  makeServer(): FakeProviderServer;
  makeAdapter(server: FakeProviderServer, options?: Partial<ProviderAdapterOptions>): ModelAdapter;
  apiKeyHeader(request: RecordedRequest): string | undefined;
  systemSent(request: RecordedRequest): string | undefined;
  toolNamesSent(request: RecordedRequest): string[];
  toolResultsSent(request: RecordedRequest): SentToolResult[];
}

const TEST_KEY = 'sk-test-0123456789abcdef';

export const PROVIDERS: ProviderFixture[] = [
  {
    provider: 'anthropic',
    model: builtIn('claude-sonnet-4'),
    makeServer: () => new FakeAnthropicServer(),
    makeAdapter: (server, options) => new AnthropicAdapter({ apiKey: TEST_KEY, baseURL: server.baseURL, ...options }),
    // This SDK version sends the key as a bearer token; older ones used x-api-key.
    apiKeyHeader: (r) => (r.headers['x-api-key'] as string | undefined) ?? (r.headers.authorization as string | undefined)?.replace(/^Bearer /, ''),
    systemSent: (r) => (typeof r.body.system === 'string' ? r.body.system : r.body.system?.map((b: any) => b.text).join('')),
    toolNamesSent: (r) => (r.body.tools ?? []).map((t: any) => t.name),
    toolResultsSent: (r) => {
      const last = r.body.messages[r.body.messages.length - 1];
      return (Array.isArray(last.content) ? last.content : [])
        .filter((b: any) => b.type === 'tool_result')
        .map((b: any) => ({ id: b.tool_use_id, content: typeof b.content === 'string' ? b.content : b.content.map((c: any) => c.text).join('') }));
    },
  },
  {
    provider: 'openai',
    model: builtIn('gpt-4o'),
    makeServer: () => new FakeOpenAIServer(),
    makeAdapter: (server, options) => new OpenAIAdapter({ apiKey: TEST_KEY, baseURL: server.baseURL, ...options }),
    apiKeyHeader: (r) => (r.headers.authorization as string | undefined)?.replace(/^Bearer /, ''),
    systemSent: (r) => r.body.messages.find((m: any) => m.role === 'system')?.content,
    toolNamesSent: (r) => (r.body.tools ?? []).map((t: any) => t.function.name),
    toolResultsSent: (r) => {
      const messages: any[] = r.body.messages;
      const lastAssistant = messages.map((m) => m.role).lastIndexOf('assistant');
      return messages.slice(lastAssistant + 1).filter((m) => m.role === 'tool').map((m) => ({ id: m.tool_call_id, content: m.content }));
    },
  },
  {
    provider: 'google',
    model: builtIn('gemini-2.5-pro'),
    makeServer: () => new FakeGeminiServer(),
    makeAdapter: (server, options) => new GeminiAdapter({ apiKey: TEST_KEY, baseURL: server.baseURL, ...options }),
    apiKeyHeader: (r) => r.headers['x-goog-api-key'] as string | undefined,
    systemSent: (r) => r.body.systemInstruction?.parts?.map((p: any) => p.text).join(''),
    toolNamesSent: (r) => (r.body.tools ?? []).flatMap((t: any) => (t.functionDeclarations ?? []).map((f: any) => f.name)),
    toolResultsSent: (r) => {
      const last = r.body.contents[r.body.contents.length - 1];
      return last.parts
        .filter((p: any) => p.functionResponse)
        .map((p: any) => ({ id: p.functionResponse.id, content: p.functionResponse.response.output ?? p.functionResponse.response.error }));
    },
  },
];

export const TEST_API_KEY = TEST_KEY;

export const WORKSPACE_TOOLS: ToolDefinition[] = [
  {
    name: 'list_directory',
    description: 'List files in the workspace.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
  },
  {
    name: 'write_file',
    description: 'Write a file in the workspace.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
  },
];

export function request(model: ModelInfo, overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model,
    system: 'You are a careful research writer.',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Write notes.md with a title.' }] }],
    tools: WORKSPACE_TOOLS,
    maxOutputTokens: 1024,
    ...overrides,
  };
}

/**
 * A minimal tool loop (the real one lives in core/engine): call, run the tools against an in-memory workspace,
 * send the results back, until the model stops asking for tools.
 */
export async function runToolLoop(
  adapter: ModelAdapter,
  first: ModelRequest,
  files: Map<string, string>,
  maxRounds = 8,
): Promise<ModelResponse[]> {
  const messages: ChatMessage[] = [...first.messages];
  const responses: ModelResponse[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const response = await adapter.complete({ ...first, messages: [...messages] });
    responses.push(response);
    if (response.toolCalls.length === 0) return responses;
    messages.push({
      role: 'assistant',
      content: [...(response.text ? [{ type: 'text' as const, text: response.text }] : []), ...response.toolCalls],
    });
    messages.push({
      role: 'user',
      content: response.toolCalls.map((call) => {
        if (call.name === 'write_file') {
          files.set(String(call.input.path), String(call.input.content));
          return { type: 'tool_result' as const, toolUseId: call.id, content: `wrote ${call.input.path}` };
        }
        if (call.name === 'list_directory') {
          return { type: 'tool_result' as const, toolUseId: call.id, content: [...files.keys()].join('\n') || '(empty)' };
        }
        return { type: 'tool_result' as const, toolUseId: call.id, content: `unknown tool ${call.name}`, isError: true };
      }),
    });
  }
  throw new Error('tool loop did not finish');
}
