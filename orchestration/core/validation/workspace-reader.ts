import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';

/**
 * What the contract validator needs from a workspace: a listing and file contents. The same validator runs on a
 * directory on disk (the CLI) and on a run's virtual workspace (the server, files in PostgreSQL).
 * Paths are POSIX and relative to the workspace root.
 */
export interface WorkspaceReader {
  /**
   * Every file path, sorted. `under` (a folder path, '' for the root) is a hint: an implementation may list only
   * that folder's subtree, or ignore it and list everything — the validator filters either way.
   */
  listFiles(under?: string): Promise<string[]>;
  /** UTF-8 content, or null when the file does not exist. */
  readFile(path: string): Promise<string | null>;
  /** True for a folder, even an empty one. Optional: without it a folder exists when some file lies under it. */
  isDirectory?(path: string): Promise<boolean>;
}

/** Normalises a workspace path: POSIX separators, no `.` segments, no leading or trailing slash ('' = root). */
export function normalizeWorkspacePath(path: string): string {
  const normalized = nodePath.posix.normalize(path.replace(/\\/g, '/'));
  const trimmed = normalized.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '.' ? '' : trimmed.replace(/^\.\//, '');
}

/** True when `path` is `dir` itself or lies under it. */
export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/** A run's files held in memory (tests, the simulator, the server after loading a workspace's rows). */
export class MemoryWorkspaceReader implements WorkspaceReader {
  private readonly files: Map<string, string>;

  constructor(files: Readonly<Record<string, string>>) {
    this.files = new Map(Object.entries(files).map(([path, content]) => [normalizeWorkspacePath(path), content]));
  }

  async listFiles(under = ''): Promise<string[]> {
    const dir = normalizeWorkspacePath(under);
    return [...this.files.keys()].filter((path) => isUnder(path, dir)).sort();
  }

  async readFile(path: string): Promise<string | null> {
    return this.files.get(normalizeWorkspacePath(path)) ?? null;
  }
}

/** Folders never worth walking when validating a directory on disk. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * A directory on disk (the `esy validate` CLI). Paths are resolved against `rootDir`; a path may climb out of it
 * with `..` because the CLI's artifact directory need not lie under `--root` (the user chose both; this reader only
 * reads). Symbolic links to folders are not followed, so a link loop cannot hang a walk.
 */
export class DiskWorkspaceReader implements WorkspaceReader {
  constructor(readonly rootDir: string) {}

  private absolute(path: string): string {
    return nodePath.resolve(this.rootDir, normalizeWorkspacePath(path));
  }

  async listFiles(under = ''): Promise<string[]> {
    const dir = normalizeWorkspacePath(under);
    const found: string[] = [];
    await this.walk(this.absolute(dir), dir, found);
    return found.sort();
  }

  private async walk(absolute: string, relative: string, found: string[]): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(absolute, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      const childAbsolute = nodePath.join(absolute, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await this.walk(childAbsolute, childRelative, found);
      } else if (entry.isFile()) {
        found.push(childRelative);
      } else if (entry.isSymbolicLink()) {
        const stat = await fs.stat(childAbsolute).catch(() => null);
        if (stat?.isFile()) found.push(childRelative);
      }
    }
  }

  async readFile(path: string): Promise<string | null> {
    try {
      const absolute = this.absolute(path);
      if (!(await fs.stat(absolute)).isFile()) return null;
      return await fs.readFile(absolute, 'utf8');
    } catch {
      return null;
    }
  }

  async isDirectory(path: string): Promise<boolean> {
    const stat = await fs.stat(this.absolute(path)).catch(() => null);
    return !!stat?.isDirectory();
  }
}
