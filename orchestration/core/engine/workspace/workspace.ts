import { createHash } from 'node:crypto';
import type { WorkspaceReader } from '../../validation/workspace-reader';

/**
 * A run's file tree as the gate executor, the tools and the contract validator see it (it is a WorkspaceReader, so
 * the validator reads it directly). Paths are workspace-relative POSIX paths; every implementation confines them
 * with `confinePath`, and `readFile` throws a WorkspaceError for a refused path.
 */
export interface Workspace extends WorkspaceReader {
  /** Every file (or every file under the folder `under`), as sorted workspace-relative POSIX paths. */
  listFiles(under?: string): Promise<string[]>;
  /** Creates or replaces a file (folders are implicit). Refusals throw a WorkspaceError the model may read. */
  writeFile(path: string, content: string): Promise<WrittenFile>;
  /** Size of a file in bytes, or null when it does not exist. */
  fileSize(path: string): Promise<number | null>;
  /**
   * Makes buffered writes durable. A workspace may hold writes back and store them in one go (fewer database
   * round trips); the engine calls this once the gate has run, before it records the attempt's outcome.
   */
  flush?(): Promise<void>;
}

export interface WrittenFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  contentType: string;
}

export interface WorkspaceLimits {
  /** Largest file a tool may write, in bytes (UTF-8). */
  maxFileBytes: number;
  /** Most files a workspace may hold. */
  maxFiles: number;
  /** Most bytes a workspace may hold in total. */
  maxTotalBytes: number;
}

export const DEFAULT_WORKSPACE_LIMITS: Readonly<WorkspaceLimits> = {
  maxFileBytes: 2 * 1024 * 1024,
  maxFiles: 2000,
  maxTotalBytes: 200 * 1024 * 1024,
};

export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function describeWrite(path: string, content: string): WrittenFile {
  return { path, sha256: sha256Hex(content), sizeBytes: Buffer.byteLength(content, 'utf8'), contentType: contentTypeFor(path) };
}

const CONTENT_TYPES: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  jsx: 'text/javascript',
  ts: 'text/typescript',
  tsx: 'text/typescript',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  svg: 'image/svg+xml',
  xml: 'application/xml',
  bib: 'text/x-bibtex',
};

export function contentTypeFor(path: string): string {
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  if (dot <= slash + 1) return 'text/plain';
  return CONTENT_TYPES[path.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream';
}
