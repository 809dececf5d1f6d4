/**
 * The one place that decides whether a path a model (or a contract) names may be used inside a workspace.
 * Every workspace implementation calls it before touching storage, so a path trick refused here is refused
 * everywhere. Reasons are phrased for the model, which sees them as tool results.
 */

export const MAX_PATH_LENGTH = 1024;
export const MAX_SEGMENT_LENGTH = 255;
export const MAX_PATH_DEPTH = 32;

export type ConfinedPath = { ok: true; path: string } | { ok: false; reason: string };

export interface ConfineOptions {
  /** Accept the workspace root itself ("" or "."), e.g. for listing. Files always need a name. */
  allowRoot?: boolean;
}

/**
 * Normalises a relative POSIX path ("./a//b/../c" → "a/c") and refuses anything that could reach outside the
 * workspace: absolute paths, drive letters, backslashes, `..` that climbs above the root, control characters
 * (NUL included) and over-long names. Returns "" for the root when `allowRoot` is set.
 */
export function confinePath(raw: unknown, options: ConfineOptions = {}): ConfinedPath {
  if (typeof raw !== 'string') return refuse(`path must be a string, got ${raw === null ? 'null' : typeof raw}`);
  const shown = JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return refuse(`path ${shown} contains a control character (NUL bytes and line breaks are not allowed)`);
  if (raw.includes('\\')) return refuse(`path ${shown} contains a backslash; use "/" between folders`);
  if (raw.length > MAX_PATH_LENGTH) return refuse(`path ${shown} is longer than ${MAX_PATH_LENGTH} characters`);
  if (raw.startsWith('/') || raw.startsWith('~')) return refuse(`path ${shown} is absolute; use a path relative to the workspace root`);
  if (/^[A-Za-z]:/.test(raw)) return refuse(`path ${shown} names a drive; use a path relative to the workspace root`);

  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return refuse(`path ${shown} leaves the workspace`);
      segments.pop();
      continue;
    }
    if (segment.length > MAX_SEGMENT_LENGTH) return refuse(`path ${shown} has a name longer than ${MAX_SEGMENT_LENGTH} characters`);
    if (segment.trim() === '') return refuse(`path ${shown} has a name made only of spaces`);
    segments.push(segment);
  }
  if (segments.length > MAX_PATH_DEPTH) return refuse(`path ${shown} is nested deeper than ${MAX_PATH_DEPTH} folders`);
  if (segments.length === 0 && !options.allowRoot) return refuse(`path ${shown} does not name a file`);
  return { ok: true, path: segments.join('/') };
}

/** Like confinePath, but throws a WorkspaceError (for implementations that work with exceptions internally). */
export function confinedOrThrow(raw: unknown, options: ConfineOptions = {}): string {
  const result = confinePath(raw, options);
  if (!result.ok) throw new WorkspaceError(result.reason);
  return result.path;
}

/** A refusal the model may read: the message never contains host paths, only the workspace-relative name. */
export class WorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

function refuse(reason: string): ConfinedPath {
  return { ok: false, reason };
}
