/**
 * Readers for the recorded prompt packets and raw outputs (stored as JSON by the engine; typed loosely by the API).
 * They never throw: a record in an unexpected shape is shown as raw JSON instead.
 */

export interface PacketSection {
  kind: string;
  title: string;
  content: string;
  tokens: number;
}

export interface AgentPacket {
  agent: string;
  role: string | null;
  model: string | null;
  sections: PacketSection[];
  totalTokens: number;
}

export interface ToolCallView {
  id: string;
  name: string;
  /** Short, readable summary: `write_file research/notes.md (2.1 KB)`. */
  summary: string;
  input: Record<string, unknown>;
  result: string | null;
  isError: boolean;
}

export interface RoundView {
  round: number;
  durationMs: number;
  text: string;
  stopReason: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: string | null;
  servedBy: string | null;
  toolCalls: ToolCallView[];
  error: string | null;
}

export interface AgentOutput {
  agent: string;
  role: string | null;
  model: string | null;
  outcome: string | null;
  error: string | null;
  finalText: string;
  rounds: RoundView[];
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function readPromptPacket(packet: Json | null | undefined): AgentPacket[] {
  return arr(obj(packet)['agents']).map((raw) => {
    const agent = obj(raw);
    const sections = arr(agent['sections']).map((s) => {
      const section = obj(s);
      return { kind: str(section['kind']) ?? 'other', title: str(section['title']) ?? '', content: str(section['content']) ?? '', tokens: num(section['tokens']) };
    });
    return {
      agent: str(agent['agent_slug']) ?? '?',
      role: str(agent['role']),
      model: str(agent['model_id']),
      sections,
      totalTokens: num(agent['totalTokens']) || sections.reduce((sum, s) => sum + s.tokens, 0),
    };
  });
}

function sizeOf(text: string): string {
  return text.length < 1024 ? `${text.length} chars` : `${(text.length / 1024).toFixed(1)} KB`;
}

/** One line that says what a tool call did, the way a person would describe it. */
export function summariseToolCall(name: string, input: Json): string {
  const path = str(input['path']) ?? str(input['file_path']) ?? str(input['dir']) ?? '';
  if (name === 'write_file') return `write_file ${path || '?'} (${sizeOf(str(input['content']) ?? '')})`;
  if (name === 'read_file') return `read_file ${path || '?'}`;
  if (name === 'list_directory') return `list_directory ${path || '.'}`;
  const args = Object.entries(input)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? (value.length > 40 ? `${value.slice(0, 40)}…` : value) : JSON.stringify(value)}`)
    .join(' ');
  return `${name} ${args}`.trim();
}

export function readRawOutput(raw: Json | null | undefined): AgentOutput[] {
  return arr(obj(raw)['agents']).map((a) => {
    const agent = obj(a);
    const rounds = arr(agent['rounds']).map((r) => {
      const round = obj(r);
      const response = obj(round['response']);
      const usage = obj(response['usage']);
      const served = obj(response['servedBy']);
      const results = new Map(
        arr(round['toolResults']).map((t) => {
          const result = obj(t);
          return [str(result['toolUseId']) ?? '', { content: str(result['content']), isError: result['isError'] === true }];
        }),
      );
      const toolCalls = arr(response['toolCalls']).map((c) => {
        const call = obj(c);
        const id = str(call['id']) ?? '';
        const name = str(call['name']) ?? 'tool';
        const input = obj(call['input']);
        const result = results.get(id);
        return { id, name, summary: summariseToolCall(name, input), input, result: result?.content ?? null, isError: result?.isError ?? false };
      });
      return {
        round: num(round['round']),
        durationMs: num(round['durationMs']),
        text: str(response['text']) ?? '',
        stopReason: str(response['stopReason']),
        tokensIn: num(usage['inputTokens']),
        tokensOut: num(usage['outputTokens']),
        costUsd: str(round['costUsd']),
        servedBy: served['id'] ? `${String(served['id'])}${served['provider'] ? ` · ${String(served['provider'])}` : ''}` : null,
        toolCalls,
        error: str(round['error']),
      };
    });
    return {
      agent: str(agent['agent_slug']) ?? '?',
      role: str(agent['role']),
      model: str(agent['model_id']),
      outcome: str(agent['outcome']),
      error: str(agent['error']),
      finalText: str(agent['final_text']) ?? '',
      rounds,
    };
  });
}

export interface CheckRow {
  type: string;
  target: string;
  passed: boolean;
  severity: string;
  detail: string;
  skipped: boolean;
  code: string | null;
  description: string | null;
}

/** Validation rows of an attempt, failed error rows first (what the operator needs to read first). */
export function readChecks(validation: Json | null | undefined): { rows: CheckRow[]; error: string | null } {
  const value = obj(validation);
  const rows = arr(value['results']).map((r) => {
    const row = obj(r);
    return {
      type: str(row['type']) ?? '?',
      target: str(row['target']) ?? '',
      passed: row['passed'] === true,
      severity: str(row['severity']) ?? 'error',
      detail: str(row['detail']) ?? '',
      skipped: row['skipped'] === true,
      code: str(row['code']),
      description: str(row['description']),
    };
  });
  const rank = (row: CheckRow) => (row.passed ? 2 : row.severity === 'error' ? 0 : 1);
  rows.sort((a, b) => rank(a) - rank(b));
  return { rows, error: str(value['error']) };
}
