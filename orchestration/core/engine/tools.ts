import type { ToolDefinition, ToolResultBlock, ToolUseBlock } from '../models/model-adapter';
import { confinePath, WorkspaceError } from './workspace/path-confinement';
import type { Workspace, WrittenFile } from './workspace/workspace';

/** The workspace tools every agent gets by default (an agent's `tools` front matter may narrow the list). */
export const WORKSPACE_TOOL_NAMES = ['list_directory', 'read_file', 'write_file'] as const;
export type WorkspaceToolName = (typeof WORKSPACE_TOOL_NAMES)[number];

export const WORKSPACE_TOOLS: Readonly<Record<WorkspaceToolName, ToolDefinition>> = {
  list_directory: {
    name: 'list_directory',
    description:
      'List the files in the run workspace (or in one folder of it). Paths are relative to the workspace root. ' +
      'Folders end with "/". Use recursive=false to see only the folder\'s direct children.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Folder to list, relative to the workspace root. Omit for the root.' },
        recursive: { type: 'boolean', description: 'List every file below the folder (default true).' },
      },
      additionalProperties: false,
    },
  },
  read_file: {
    name: 'read_file',
    description: 'Read a text file from the run workspace. Long files are returned in pieces: pass offset to continue.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the workspace root, e.g. "research/sources.md".' },
        offset: { type: 'integer', minimum: 0, description: 'Character offset to start reading from (default 0).' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  write_file: {
    name: 'write_file',
    description:
      'Create or replace a text file in the run workspace. Folders are created as needed. The whole file content ' +
      'must be given; there is no append. Paths are relative to the workspace root and cannot leave it.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the workspace root, e.g. "drafts/essay.md".' },
        content: { type: 'string', description: 'The complete text content of the file.' },
      },
      required: ['path', 'content'],
      additionalProperties: false,
    },
  },
};

export interface ToolExecutorOptions {
  /** Tools the agent may call (default: all three). */
  allowed?: readonly string[];
  /** Longest piece read_file returns at once. */
  maxReadChars?: number;
  /** Most entries list_directory returns. */
  maxListEntries?: number;
  /** Receives every successful write (the gate executor hashes and records them per attempt). */
  onWrite?: (file: WrittenFile) => void;
  /**
   * The stage's write scope: returns null when `path` may be written, else the refusal the model reads. The file is
   * left unchanged and `onRefusal` is told (the attempt records every refused write).
   */
  checkWrite?: (path: string) => string | null;
  onRefusal?: (refusal: { path: string; reason: string }) => void;
}

/** Every file written during one attempt: the last version of each path, plus the full ordered log. */
export class WriteTracker {
  readonly log: WrittenFile[] = [];
  private readonly latest = new Map<string, WrittenFile>();

  record(file: WrittenFile): void {
    this.log.push(file);
    this.latest.set(file.path, file);
  }

  /** The final version of every path written, sorted by path. */
  files(): WrittenFile[] {
    return [...this.latest.values()].sort((a, b) => a.path.localeCompare(b.path));
  }
}

export function toolDefinitionsFor(allowed?: readonly string[]): ToolDefinition[] {
  const names = allowed && allowed.length > 0 ? allowed : WORKSPACE_TOOL_NAMES;
  return names.filter((name): name is WorkspaceToolName => name in WORKSPACE_TOOLS).map((name) => WORKSPACE_TOOLS[name]);
}

/**
 * Runs one tool call against a workspace. Never throws: a bad path, a missing file or an unknown tool comes back as
 * an `isError` result the model can read and correct.
 */
export async function executeToolCall(
  workspace: Workspace,
  call: ToolUseBlock,
  options: ToolExecutorOptions = {},
): Promise<ToolResultBlock> {
  const allowed = toolDefinitionsFor(options.allowed).map((tool) => tool.name);
  const fail = (message: string): ToolResultBlock => ({ type: 'tool_result', toolUseId: call.id, content: message, isError: true });
  if (!allowed.includes(call.name)) return fail(`unknown tool "${call.name}"; available tools: ${allowed.join(', ')}`);
  const input = call.input && typeof call.input === 'object' ? call.input : {};
  try {
    switch (call.name as WorkspaceToolName) {
      case 'list_directory':
        return ok(call, await listDirectory(workspace, input, options.maxListEntries ?? 1000));
      case 'read_file':
        return ok(call, await readFile(workspace, input, options.maxReadChars ?? 60_000));
      case 'write_file': {
        const text = await writeFile(workspace, input, options);
        return ok(call, text);
      }
    }
  } catch (error) {
    if (error instanceof ToolInputError) return fail(`${call.name} refused: ${error.message}`);
    if (error instanceof WorkspaceError) return fail(`${call.name} refused: ${error.message}`);
    // Storage failures are reported without host details (no absolute paths reach the model).
    const code = (error as NodeJS.ErrnoException)?.code;
    return fail(`${call.name} failed: ${code ? `storage error ${code}` : 'storage error'}`);
  }
  return fail(`unknown tool "${call.name}"`);
}

class ToolInputError extends Error {}

function ok(call: ToolUseBlock, content: string): ToolResultBlock {
  return { type: 'tool_result', toolUseId: call.id, content };
}

function pathArgument(input: Record<string, unknown>, allowRoot: boolean): string {
  if (allowRoot && (input.path === undefined || input.path === null)) return '';
  const confined = confinePath(input.path, { allowRoot });
  if (!confined.ok) throw new ToolInputError(confined.reason);
  return confined.path;
}

async function listDirectory(workspace: Workspace, input: Record<string, unknown>, maxEntries: number): Promise<string> {
  const folder = pathArgument(input, true);
  const recursive = input.recursive !== false;
  const prefix = folder ? `${folder}/` : '';
  const all = await workspace.listFiles();
  if (folder && all.includes(folder)) throw new ToolInputError(`"${folder}" is a file, not a folder; use read_file`);
  const below = all.filter((file) => file.startsWith(prefix));
  const entries = new Set<string>();
  for (const file of below) {
    const rest = file.slice(prefix.length);
    if (recursive) entries.add(rest);
    else entries.add(rest.includes('/') ? `${rest.slice(0, rest.indexOf('/'))}/` : rest);
  }
  const sorted = [...entries].sort();
  const where = folder ? `"${folder}"` : 'the workspace root';
  if (sorted.length === 0) return folder && below.length === 0 ? `${where} is empty or does not exist` : `${where} is empty`;
  const shown = sorted.slice(0, maxEntries);
  const lines = [`${sorted.length} ${recursive ? 'files' : 'entries'} in ${where}:`, ...shown];
  if (sorted.length > shown.length) lines.push(`… ${sorted.length - shown.length} more not shown`);
  return lines.join('\n');
}

async function readFile(workspace: Workspace, input: Record<string, unknown>, maxChars: number): Promise<string> {
  const path = pathArgument(input, false);
  const offset = input.offset === undefined ? 0 : Number(input.offset);
  if (!Number.isInteger(offset) || offset < 0) throw new ToolInputError('offset must be a non-negative integer');
  const content = await workspace.readFile(path);
  if (content === null) throw new ToolInputError(`there is no file "${path}" in the workspace`);
  if (offset === 0 && content.length <= maxChars) return content;
  const piece = content.slice(offset, offset + maxChars);
  const end = offset + piece.length;
  const note = end < content.length ? `\n[… ${content.length - end} more characters; call read_file with offset ${end}]` : '';
  return `${piece}${note}`;
}

async function writeFile(workspace: Workspace, input: Record<string, unknown>, options: ToolExecutorOptions): Promise<string> {
  const path = pathArgument(input, false);
  const refusal = options.checkWrite?.(path) ?? null;
  if (refusal !== null) {
    options.onRefusal?.({ path, reason: refusal });
    throw new ToolInputError(refusal);
  }
  if (typeof input.content !== 'string') throw new ToolInputError(`content for "${path}" must be a string`);
  const written = await workspace.writeFile(path, input.content);
  options.onWrite?.(written);
  return `wrote "${written.path}" (${written.sizeBytes} bytes, sha256 ${written.sha256.slice(0, 12)}…)`;
}
