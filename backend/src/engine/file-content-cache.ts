/**
 * File contents by sha256, shared by every run this process works on: a content-addressed, bounded (least recently
 * used first out) cache, so a workspace is loaded as `path → sha256` and only contents this process has not seen
 * travel from PostgreSQL. A hash always names the same text, so an entry can never be stale; identical files of
 * different runs are held once.
 */
export class FileContentCache {
  private readonly byHash = new Map<string, string>();
  private chars = 0;

  /** `maxChars`: total characters kept (≈ 1–2 bytes each); a single text over an eighth of it is not kept. */
  constructor(private readonly maxChars = 8_000_000) {}

  get(sha256: string): string | undefined {
    const content = this.byHash.get(sha256);
    if (content !== undefined) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.byHash.delete(sha256);
      this.byHash.set(sha256, content);
    }
    return content;
  }

  add(sha256: string, content: string): void {
    if (this.byHash.has(sha256) || content.length > this.maxChars / 8) return;
    while (this.chars + content.length > this.maxChars && this.byHash.size > 0) {
      const [oldest, text] = this.byHash.entries().next().value as [string, string];
      this.byHash.delete(oldest);
      this.chars -= text.length;
    }
    this.byHash.set(sha256, content);
    this.chars += content.length;
  }

  get size(): number {
    return this.byHash.size;
  }
}
