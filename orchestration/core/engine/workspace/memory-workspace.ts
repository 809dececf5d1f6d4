import { confinedOrThrow, WorkspaceError } from './path-confinement';
import { DEFAULT_WORKSPACE_LIMITS, describeWrite, type Workspace, type WorkspaceLimits, type WrittenFile } from './workspace';

/** A workspace held in memory (tests, the simulator's dry runs, servers that persist files elsewhere). */
export class MemoryWorkspace implements Workspace {
  private readonly files = new Map<string, string>();
  private totalBytes = 0;
  private readonly limits: WorkspaceLimits;

  constructor(initial: Record<string, string> = {}, limits: Partial<WorkspaceLimits> = {}) {
    this.limits = { ...DEFAULT_WORKSPACE_LIMITS, ...limits };
    for (const [path, content] of Object.entries(initial)) this.put(confinedOrThrow(path), content);
  }

  async listFiles(under?: string): Promise<string[]> {
    const all = [...this.files.keys()].sort();
    const folder = under ? confinedOrThrow(under, { allowRoot: true }) : '';
    return folder ? all.filter((path) => path.startsWith(`${folder}/`)) : all;
  }

  async readFile(path: string): Promise<string | null> {
    return this.files.get(confinedOrThrow(path)) ?? null;
  }

  async fileSize(path: string): Promise<number | null> {
    const content = this.files.get(confinedOrThrow(path));
    return content === undefined ? null : Buffer.byteLength(content, 'utf8');
  }

  async writeFile(path: string, content: string): Promise<WrittenFile> {
    const confined = confinedOrThrow(path);
    if (typeof content !== 'string') throw new WorkspaceError(`content for "${confined}" must be text`);
    const written = describeWrite(confined, content);
    const previous = this.files.get(confined);
    const previousBytes = previous === undefined ? 0 : Buffer.byteLength(previous, 'utf8');
    if (written.sizeBytes > this.limits.maxFileBytes) {
      throw new WorkspaceError(`"${confined}" would be ${written.sizeBytes} bytes; the limit is ${this.limits.maxFileBytes} bytes per file`);
    }
    if (previous === undefined && this.files.size >= this.limits.maxFiles) {
      throw new WorkspaceError(`the workspace already holds ${this.files.size} files, the limit`);
    }
    if (this.totalBytes - previousBytes + written.sizeBytes > this.limits.maxTotalBytes) {
      throw new WorkspaceError(`writing "${confined}" would exceed the workspace limit of ${this.limits.maxTotalBytes} bytes`);
    }
    this.assertNoTypeClash(confined);
    this.put(confined, content);
    return written;
  }

  /** A plain copy of every file (for snapshots and tests). */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.files.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  private put(path: string, content: string): void {
    const previous = this.files.get(path);
    if (previous !== undefined) this.totalBytes -= Buffer.byteLength(previous, 'utf8');
    this.files.set(path, content);
    this.totalBytes += Buffer.byteLength(content, 'utf8');
  }

  /** A name cannot be both a file and a folder, as on a real disk. */
  private assertNoTypeClash(path: string): void {
    const prefix = `${path}/`;
    for (const existing of this.files.keys()) {
      if (existing.startsWith(prefix)) throw new WorkspaceError(`"${path}" is a folder, not a file`);
    }
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const ancestor = segments.slice(0, i).join('/');
      if (this.files.has(ancestor)) throw new WorkspaceError(`"${ancestor}" is a file, so "${path}" cannot be created inside it`);
    }
  }
}
