/**
 * A scripted "agent": the replies a model would give to write a given set of files through the workspace tools,
 * then finish with a final text. Queue them on any fake server and a real tool loop writes those files.
 */
import type { ScriptedReply, ScriptedUsage } from './script';

export interface ScriptedFile {
  path: string;
  content: string;
}

export interface ScriptedAgentOptions {
  /** Begin with a `list_directory` call on this path (as a real agent looks around first). Default: no listing. */
  listFirst?: string;
  /** How many `write_file` calls each reply carries. Default 1. */
  filesPerReply?: number;
  finalText?: string;
  /** Usage reported on every reply; default lets the server estimate. */
  usage?: ScriptedUsage;
  /** Tool and argument names, should the workspace tools be named differently. */
  writeTool?: string;
  listTool?: string;
  pathArg?: string;
  contentArg?: string;
}

export function scriptedAgent(files: ScriptedFile[], options: ScriptedAgentOptions = {}): ScriptedReply[] {
  const writeTool = options.writeTool ?? 'write_file';
  const pathArg = options.pathArg ?? 'path';
  const contentArg = options.contentArg ?? 'content';
  const perReply = Math.max(1, options.filesPerReply ?? 1);
  const replies: ScriptedReply[] = [];
  if (options.listFirst !== undefined) {
    replies.push({
      type: 'reply',
      text: 'Let me look at the workspace first.',
      toolCalls: [{ name: options.listTool ?? 'list_directory', input: { [pathArg]: options.listFirst } }],
      usage: options.usage,
    });
  }
  for (let i = 0; i < files.length; i += perReply) {
    replies.push({
      type: 'reply',
      toolCalls: files.slice(i, i + perReply).map((file) => ({ name: writeTool, input: { [pathArg]: file.path, [contentArg]: file.content } })),
      usage: options.usage,
    });
  }
  replies.push({ type: 'reply', text: options.finalText ?? `Wrote ${files.length} file(s).`, usage: options.usage });
  return replies;
}
