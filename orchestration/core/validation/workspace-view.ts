import { isUnder, normalizeWorkspacePath, type WorkspaceReader } from './workspace-reader';

/**
 * The validator's cached view of a workspace: each file is read once and each folder listed once per validation,
 * whatever the number of checks touching it. Reader errors (e.g. a refused path) read as "absent".
 */
export class WorkspaceView {
  private readonly contents = new Map<string, Promise<string | null>>();
  private readonly listings = new Map<string, Promise<string[]>>();

  constructor(private readonly reader: WorkspaceReader) {}

  read(path: string): Promise<string | null> {
    const key = normalizeWorkspacePath(path);
    let pending = this.contents.get(key);
    if (!pending) {
      pending = key === '' ? Promise.resolve(null) : this.reader.readFile(key).catch(() => null);
      this.contents.set(key, pending);
    }
    return pending;
  }

  /** Every file under `dir` (recursive), sorted, as workspace paths. */
  list(dir: string): Promise<string[]> {
    const key = normalizeWorkspacePath(dir);
    let pending = this.listings.get(key);
    if (!pending) {
      pending = this.reader
        .listFiles(key)
        .then((paths) => paths.map(normalizeWorkspacePath).filter((path) => isUnder(path, key) && path !== key).sort())
        .catch(() => []);
      this.listings.set(key, pending);
    }
    return pending;
  }

  async exists(path: string): Promise<boolean> {
    const key = normalizeWorkspacePath(path);
    if (key === '') return false;
    return (await this.read(key)) !== null;
  }

  async isDirectory(path: string): Promise<boolean> {
    const key = normalizeWorkspacePath(path);
    if (key === '') return true;
    if (this.reader.isDirectory && (await this.reader.isDirectory(key).catch(() => false))) return true;
    return (await this.list(key)).length > 0;
  }
}
