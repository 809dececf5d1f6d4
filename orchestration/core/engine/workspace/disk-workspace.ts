import { constants as fsConstants, promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { confinedOrThrow, WorkspaceError } from './path-confinement';
import { DEFAULT_WORKSPACE_LIMITS, describeWrite, type Workspace, type WorkspaceLimits, type WrittenFile } from './workspace';

/**
 * A workspace in a directory on disk (the CLI). Besides the shared path rules it refuses symbolic links that point
 * outside the root: every existing folder on the way is resolved and must stay inside, and files are opened with
 * O_NOFOLLOW so a link planted at the final name is never written through.
 */
export class DiskWorkspace implements Workspace {
  private readonly limits: WorkspaceLimits;
  private realRoot?: string;
  private usage?: { files: Set<string>; bytes: Map<string, number>; total: number };

  constructor(
    readonly rootDir: string,
    limits: Partial<WorkspaceLimits> = {},
  ) {
    this.limits = { ...DEFAULT_WORKSPACE_LIMITS, ...limits };
  }

  async listFiles(under?: string): Promise<string[]> {
    const root = await this.root();
    const found: string[] = [];
    await walk(root, '', found);
    const folder = under ? confinedOrThrow(under, { allowRoot: true }) : '';
    return (folder ? found.filter((path) => path.startsWith(`${folder}/`)) : found).sort();
  }

  async isDirectory(path: string): Promise<boolean> {
    const confined = confinedOrThrow(path, { allowRoot: true });
    const root = await this.root();
    const real = await fs.realpath(nodePath.join(root, ...confined.split('/').filter(Boolean))).catch(() => null);
    if (!real || !isInside(real, root)) return false;
    return (await fs.stat(real)).isDirectory();
  }

  async readFile(path: string): Promise<string | null> {
    const absolute = await this.resolveExisting(confinedOrThrow(path));
    if (!absolute) return null;
    return fs.readFile(absolute, 'utf8');
  }

  async fileSize(path: string): Promise<number | null> {
    const absolute = await this.resolveExisting(confinedOrThrow(path));
    if (!absolute) return null;
    return (await fs.stat(absolute)).size;
  }

  async writeFile(path: string, content: string): Promise<WrittenFile> {
    const confined = confinedOrThrow(path);
    if (typeof content !== 'string') throw new WorkspaceError(`content for "${confined}" must be text`);
    const written = describeWrite(confined, content);
    if (written.sizeBytes > this.limits.maxFileBytes) {
      throw new WorkspaceError(`"${confined}" would be ${written.sizeBytes} bytes; the limit is ${this.limits.maxFileBytes} bytes per file`);
    }
    const usage = await this.currentUsage();
    const previousBytes = usage.bytes.get(confined);
    if (previousBytes === undefined && usage.files.size >= this.limits.maxFiles) {
      throw new WorkspaceError(`the workspace already holds ${usage.files.size} files, the limit`);
    }
    if (usage.total - (previousBytes ?? 0) + written.sizeBytes > this.limits.maxTotalBytes) {
      throw new WorkspaceError(`writing "${confined}" would exceed the workspace limit of ${this.limits.maxTotalBytes} bytes`);
    }

    const parent = await this.ensureParent(confined);
    const target = nodePath.join(parent, nodePath.posix.basename(confined));
    const existing = await lstatOrNull(target);
    if (existing?.isSymbolicLink()) throw new WorkspaceError(`"${confined}" is a symbolic link; links are not written through`);
    if (existing?.isDirectory()) throw new WorkspaceError(`"${confined}" is a folder, not a file`);

    const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW;
    const handle = await fs.open(target, flags, 0o644);
    try {
      await handle.writeFile(content, 'utf8');
    } finally {
      await handle.close();
    }
    usage.files.add(confined);
    usage.bytes.set(confined, written.sizeBytes);
    usage.total += written.sizeBytes - (previousBytes ?? 0);
    return written;
  }

  private async root(): Promise<string> {
    if (!this.realRoot) {
      await fs.mkdir(this.rootDir, { recursive: true });
      this.realRoot = await fs.realpath(this.rootDir);
    }
    return this.realRoot;
  }

  /** Creates missing folders one level at a time, refusing links that leave the root and files in the way. */
  private async ensureParent(confined: string): Promise<string> {
    const root = await this.root();
    const segments = confined.split('/').slice(0, -1);
    let current = root;
    for (let i = 0; i < segments.length; i++) {
      const shown = segments.slice(0, i + 1).join('/');
      const next = nodePath.join(current, segments[i]);
      const stat = await lstatOrNull(next);
      if (!stat) {
        await fs.mkdir(next).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
        current = next;
        continue;
      }
      if (stat.isSymbolicLink()) {
        const real = await fs.realpath(next).catch(() => null);
        if (!real || !isInside(real, root)) throw new WorkspaceError(`path "${confined}" leaves the workspace through the link "${shown}"`);
        const realStat = await fs.stat(real);
        if (!realStat.isDirectory()) throw new WorkspaceError(`"${shown}" is a file, so "${confined}" cannot be created inside it`);
        current = real;
        continue;
      }
      if (!stat.isDirectory()) throw new WorkspaceError(`"${shown}" is a file, so "${confined}" cannot be created inside it`);
      current = next;
    }
    // Belt and braces: the folder we are about to write into must really be inside the root.
    const realParent = await fs.realpath(current);
    if (!isInside(realParent, root)) throw new WorkspaceError(`path "${confined}" leaves the workspace`);
    return realParent;
  }

  /** The absolute path of an existing regular file inside the root, or null when there is none. */
  private async resolveExisting(confined: string): Promise<string | null> {
    const root = await this.root();
    const absolute = nodePath.join(root, ...confined.split('/'));
    const real = await fs.realpath(absolute).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw error;
    });
    if (real === null) return null;
    if (!isInside(real, root)) throw new WorkspaceError(`path "${confined}" leaves the workspace through a symbolic link`);
    const stat = await fs.stat(real);
    return stat.isFile() ? real : null;
  }

  private async currentUsage(): Promise<{ files: Set<string>; bytes: Map<string, number>; total: number }> {
    if (!this.usage) {
      const root = await this.root();
      const files = await this.listFiles();
      const bytes = new Map<string, number>();
      let total = 0;
      for (const file of files) {
        const size = (await fs.stat(nodePath.join(root, ...file.split('/')))).size;
        bytes.set(file, size);
        total += size;
      }
      this.usage = { files: new Set(files), bytes, total };
    }
    return this.usage;
  }
}

function isInside(candidate: string, root: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep);
}

async function lstatOrNull(path: string) {
  return fs.lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

/** Lists regular files; symbolic links are not followed (the tools never create them). */
async function walk(absolute: string, relative: string, found: string[]): Promise<void> {
  const entries = await fs.readdir(absolute, { withFileTypes: true });
  for (const entry of entries) {
    const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await walk(nodePath.join(absolute, entry.name), childRelative, found);
    else if (entry.isFile()) found.push(childRelative);
  }
}
