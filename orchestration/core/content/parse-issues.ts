import type { z } from 'zod';

/** One problem found while loading content: the file, the field path inside it, and what was expected. */
export interface ContentIssue {
  file: string;
  field: string;
  message: string;
}

export function formatIssue(issue: ContentIssue): string {
  return issue.field ? `${issue.file}: ${issue.field}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

/** Thrown by the parse helpers and the loader; `issues` holds every problem, not only the first. */
export class OrchestrationLoadError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in orchestration content:\n` +
        issues.map((issue) => `  ${formatIssue(issue)}`).join('\n'),
    );
    this.name = 'OrchestrationLoadError';
  }
}

/** `['gates', 3, 'agent']` → `gates[3].agent`. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns zod's issues into our wording: the field, then what was expected and what was found. */
export function zodIssuesToContentIssues(file: string, error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): ContentIssue[] {
  return error.issues.map((issue) => ({
    file,
    field: formatFieldPath([...prefix, ...issue.path]),
    message: describeZodIssue(issue),
  }));
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  const hasInput = 'input' in issue && issue.input !== undefined;
  switch (issue.code) {
    case 'invalid_type':
      return hasInput ? `expected ${issue.expected}, got ${describeValue(issue.input)}` : `missing (expected ${issue.expected})`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}${
        hasInput ? ` (got ${describeValue(issue.input)})` : ''
      }`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at least ${issue.minimum} ${issue.origin === 'array' ? 'item' : 'character'}${Number(issue.minimum) === 1 ? '' : 's'}`
        : `expected a value >= ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at most ${issue.maximum} ${issue.origin === 'array' ? 'item' : 'character'}s`
        : `expected a value <= ${issue.maximum}`;
    case 'invalid_format':
      return issue.message.replace(/^Invalid string: /, 'expected ');
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
