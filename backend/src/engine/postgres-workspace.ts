import {
  confinedOrThrow,
  DEFAULT_WORKSPACE_LIMITS,
  describeWrite,
  WorkspaceError,
  type Workspace,
  type WorkspaceLimits,
  type WorkspaceProvider,
  type WrittenFile,
} from '@esy/orchestration';
import type { Pg } from '../database/pg';
import { FileContentCache } from './file-content-cache';

/**
 * The run's workspace in PostgreSQL (`workspace_files`), so workers on any host share it. `forRun` loads the
 * run's file index (path and sha256, one query) and takes the contents from this process's content-addressed
 * cache, fetching only those it does not hold (a second query, none when this worker ran the run's previous gate);
 * reads are served from memory; every write is checked (path confined by the core's `confinePath`, size, file
 * count, total bytes, file/folder clashes, text only) at once, and the accepted writes are stored together by
 * `flush()` (one multi-row upsert per attempt instead of a committed INSERT per file), which the engine calls
 * before it records the attempt's outcome. An attempt whose worker dies before that leaves no files behind; it is
 * failed and run again. Only one attempt of a run executes at a time, so the snapshot stays true.
 */
export class PostgresWorkspaceProvider implements WorkspaceProvider {
  constructor(
    private readonly pg: Pg,
    private readonly limits: Partial<WorkspaceLimits> = {},
    readonly contents = new FileContentCache(),
  ) {}

  async forRun(runId: string): Promise<PostgresWorkspace> {
    const { rows } = await this.pg.query<{ path: string; sha256: string }>(
      { name: 'workspace_index', text: 'SELECT path, sha256 FROM workspace_files WHERE run_id = $1' },
      [runId],
    );
    const files = new Map<string, string>();
    const missing: string[] = [];
    for (const row of rows) {
      const content = this.contents.get(row.sha256);
      if (content === undefined) missing.push(row.path);
      else files.set(row.path, content);
    }
    if (missing.length > 0) {
      const fetched = await this.pg.query<{ path: string; sha256: string; content: string }>(
        { name: 'workspace_contents', text: 'SELECT path, sha256, content FROM workspace_files WHERE run_id = $1 AND path = ANY($2::text[])' },
        [runId, missing],
      );
      for (const row of fetched.rows) {
        files.set(row.path, row.content);
        this.contents.add(row.sha256, row.content);
      }
    }
    return new PostgresWorkspace(this.pg, runId, files, { ...DEFAULT_WORKSPACE_LIMITS, ...this.limits }, this.contents);
  }
}

export class PostgresWorkspace implements Workspace {
  private totalBytes = 0;
  /** Accepted writes not yet stored, by path. */
  private readonly pending = new Map<string, { content: string; written: WrittenFile }>();

  constructor(
    private readonly pg: Pg,
    readonly runId: string,
    private readonly files: Map<string, string>,
    private readonly limits: WorkspaceLimits,
    private readonly contents?: FileContentCache,
  ) {
    for (const content of files.values()) this.totalBytes += Buffer.byteLength(content, 'utf8');
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
    // PostgreSQL text cannot hold NUL; workspace files are text, so a NUL byte means binary content.
    if (content.includes('\u0000')) throw new WorkspaceError(`content for "${confined}" contains a NUL character; only text files can be written`);
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
    this.files.set(confined, content);
    this.totalBytes += written.sizeBytes - previousBytes;
    this.pending.set(confined, { content, written }); // a later write of the same path replaces it
    return written;
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    await this.pg.query(
      {
        name: 'workspace_write_batch',
        text: `INSERT INTO workspace_files (run_id, path, content, sha256, size_bytes, content_type, updated_at)
               SELECT $1, f.path, f.content, f.sha256, f.size, f.content_type, now()
               FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) AS f(path, content, sha256, size, content_type)
               ON CONFLICT (run_id, path) DO UPDATE SET content = EXCLUDED.content, sha256 = EXCLUDED.sha256,
                 size_bytes = EXCLUDED.size_bytes, content_type = EXCLUDED.content_type, updated_at = now()`,
      },
      [
        this.runId,
        batch.map((f) => f.written.path),
        batch.map((f) => f.content),
        batch.map((f) => f.written.sha256),
        batch.map((f) => f.written.sizeBytes),
        batch.map((f) => f.written.contentType),
      ],
    );
    for (const f of batch) {
      if (this.pending.get(f.written.path) === f) this.pending.delete(f.written.path);
      // Even if the enclosing transaction rolls back, a hash still names this text: the entry cannot mislead.
      this.contents?.add(f.written.sha256, f.content);
    }
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
