import * as path from 'node:path';
import type { WorkspaceProvider } from '../ports';
import { DiskWorkspace } from '../workspace/disk-workspace';
import { MemoryWorkspace } from '../workspace/memory-workspace';
import type { Workspace, WorkspaceLimits } from '../workspace/workspace';

/** One folder per run under `baseDir` (`<baseDir>/<runId>`), or exactly `baseDir` when `singleRun` is set (CLI). */
export class DiskWorkspaceProvider implements WorkspaceProvider {
  private readonly cache = new Map<string, DiskWorkspace>();

  constructor(
    private readonly baseDir: string,
    private readonly options: { singleRun?: boolean; limits?: Partial<WorkspaceLimits> } = {},
  ) {}

  async forRun(runId: string): Promise<Workspace> {
    let workspace = this.cache.get(runId);
    if (!workspace) {
      if (!this.options.singleRun && !/^[A-Za-z0-9_-]+$/.test(runId)) throw new Error(`run id "${runId}" cannot name a folder`);
      const dir = this.options.singleRun ? this.baseDir : path.join(this.baseDir, runId);
      workspace = new DiskWorkspace(dir, this.options.limits);
      this.cache.set(runId, workspace);
    }
    return workspace;
  }
}

/** One in-memory workspace per run (tests). */
export class MemoryWorkspaceProvider implements WorkspaceProvider {
  readonly workspaces = new Map<string, MemoryWorkspace>();

  constructor(private readonly limits: Partial<WorkspaceLimits> = {}) {}

  async forRun(runId: string): Promise<MemoryWorkspace> {
    let workspace = this.workspaces.get(runId);
    if (!workspace) this.workspaces.set(runId, (workspace = new MemoryWorkspace({}, this.limits)));
    return workspace;
  }
}
