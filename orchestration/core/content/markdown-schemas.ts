import matter from 'gray-matter';
import { z } from 'zod';
import { TIERS } from './workflow-schema';
import { OrchestrationLoadError, zodIssuesToContentIssues, type ContentIssue } from './parse-issues';

/** Agents, profiles and skills: markdown files with YAML front matter (formats in orchestration/README.md). */

export const AGENT_CATEGORIES = ['orchestrators', 'research', 'content', 'engineering', 'auditors', 'utilities'] as const;
export type AgentCategory = (typeof AGENT_CATEGORIES)[number];
export const DEFAULT_AGENT_TOOLS = ['list_directory', 'read_file', 'write_file'] as const;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase slug (letters, digits, dashes)');

export const agentFrontMatterSchema = z.looseObject({
  slug,
  name: z.string().min(1),
  category: z.enum(AGENT_CATEGORIES),
  role: z.string().min(1).refine((role) => !role.includes('\n'), 'expected one line'),
  tier: z.enum(TIERS),
  capabilities: z.array(z.string().min(1)).default([]),
  tools: z.array(z.string().regex(/^[a-z_]+$/, 'expected a tool name such as read_file')).min(1).default([...DEFAULT_AGENT_TOOLS]),
  model: z.string().min(1).optional(),
  max_output_tokens: z.number().int().min(256).max(200_000).optional(),
  max_tool_rounds: z.number().int().min(1).max(100).optional(),
});

export type AgentDefinition = z.output<typeof agentFrontMatterSchema> & {
  /** The system prompt (markdown body, trimmed). */
  body: string;
  /** Where it was read from, relative to the orchestration root (e.g. `agents/research/research-historian.md`). */
  file: string;
};

export const profileFrontMatterSchema = z.looseObject({
  name: z.string().min(1).optional(),
  kind: z.enum(['research', 'design']).optional(),
  description: z.string().optional(),
});

export interface ProfileDefinition {
  /** `research/historical` — folder and file name without `.md`. */
  id: string;
  kind: 'research' | 'design';
  name: string;
  description?: string;
  body: string;
  file: string;
}

export const skillFrontMatterSchema = z.looseObject({ name: z.string().min(1), description: z.string().min(1) });

export interface SkillDefinition {
  /** Folder name under `skills/`. */
  name: string;
  title: string;
  description: string;
  body: string;
  file: string;
  /** Every text file of the skill folder by POSIX path relative to it (`SKILL.md`, `references/x.md`) → content. */
  files: Readonly<Record<string, string>>;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; issues: ContentIssue[] };

/** Splits front matter from the body; a YAML error is an issue, not a crash. */
export function splitFrontMatter(text: string, file: string): Parsed<{ data: Record<string, unknown>; body: string }> {
  try {
    // gray-matter caches by content; an empty options object turns the cache off so edits are always seen.
    const parsed = matter(text, {});
    return { ok: true, value: { data: (parsed.data ?? {}) as Record<string, unknown>, body: parsed.content.trim() } };
  } catch (error) {
    return { ok: false, issues: [{ file, field: 'front matter', message: `not valid YAML: ${firstLine((error as Error).message)}` }] };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

export function safeParseAgentMarkdown(text: string, fileLabel: string): Parsed<AgentDefinition> {
  const split = splitFrontMatter(text, fileLabel);
  if (!split.ok) return split;
  const result = agentFrontMatterSchema.safeParse(split.value.data, { reportInput: true });
  const issues = result.success ? [] : zodIssuesToContentIssues(fileLabel, result.error);
  if (split.value.body.length < 200) {
    issues.push({ file: fileLabel, field: 'body', message: 'expected a system prompt of at least 200 characters after the front matter' });
  }
  if (!result.success || issues.length) return { ok: false, issues };
  return { ok: true, value: { ...result.data, body: split.value.body, file: fileLabel } };
}

/** Parses an agent definition file. Throws OrchestrationLoadError listing every problem. */
export function parseAgentMarkdown(text: string, fileLabel: string): AgentDefinition {
  const result = safeParseAgentMarkdown(text, fileLabel);
  if (!result.ok) throw new OrchestrationLoadError(result.issues);
  return result.value;
}

export function safeParseProfileMarkdown(text: string, id: string, fileLabel: string): Parsed<ProfileDefinition> {
  const split = splitFrontMatter(text, fileLabel);
  if (!split.ok) return split;
  const result = profileFrontMatterSchema.safeParse(split.value.data, { reportInput: true });
  if (!result.success) return { ok: false, issues: zodIssuesToContentIssues(fileLabel, result.error) };
  const folderKind = id.split('/')[0] as 'research' | 'design';
  const issues: ContentIssue[] = [];
  if (result.data.kind && result.data.kind !== folderKind) {
    issues.push({ file: fileLabel, field: 'kind', message: `expected "${folderKind}" (the folder it is in), got "${result.data.kind}"` });
  }
  if (!split.value.body) issues.push({ file: fileLabel, field: 'body', message: 'expected profile text after the front matter' });
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      id,
      kind: folderKind,
      name: result.data.name ?? id.split('/')[1],
      description: result.data.description,
      body: split.value.body,
      file: fileLabel,
    },
  };
}

export function safeParseSkillMarkdown(text: string, name: string, fileLabel: string, files: Readonly<Record<string, string>>): Parsed<SkillDefinition> {
  const split = splitFrontMatter(text, fileLabel);
  if (!split.ok) return split;
  const result = skillFrontMatterSchema.safeParse(split.value.data, { reportInput: true });
  if (!result.success) return { ok: false, issues: zodIssuesToContentIssues(fileLabel, result.error) };
  if (!split.value.body) return { ok: false, issues: [{ file: fileLabel, field: 'body', message: 'expected the procedure after the front matter' }] };
  return {
    ok: true,
    value: { name, title: result.data.name, description: result.data.description, body: split.value.body, file: fileLabel, files },
  };
}
