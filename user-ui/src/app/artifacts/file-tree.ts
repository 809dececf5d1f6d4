import type { ArtifactFile } from '../data/view-models';
import { fileKind } from '@esy/ui-kit';

export interface TreeFolder {
  kind: 'folder';
  name: string;
  path: string;
  children: TreeNode[];
}

export interface TreeFile {
  kind: 'file';
  name: string;
  path: string;
  file: ArtifactFile;
}

export type TreeNode = TreeFolder | TreeFile;

/**
 * The run's files as a folder tree (folders first, then files, each alphabetical). Only the newest version of
 * a path is kept: a file rewritten by a later step replaces the earlier one.
 */
export function buildFileTree(files: readonly ArtifactFile[]): TreeNode[] {
  const latest = new Map<string, ArtifactFile>();
  for (const file of files) {
    const known = latest.get(file.path);
    if (!known || (file.createdAt ?? '') >= (known.createdAt ?? '')) latest.set(file.path, file);
  }
  const root: TreeFolder = { kind: 'folder', name: '', path: '', children: [] };
  for (const file of latest.values()) {
    const parts = file.path.split('/').filter(Boolean);
    let folder = root;
    parts.slice(0, -1).forEach((part, index) => {
      const path = parts.slice(0, index + 1).join('/');
      let next = folder.children.find((child): child is TreeFolder => child.kind === 'folder' && child.name === part);
      if (!next) {
        next = { kind: 'folder', name: part, path, children: [] };
        folder.children.push(next);
      }
      folder = next;
    });
    folder.children.push({ kind: 'file', name: parts.at(-1) ?? file.name, path: file.path, file });
  }
  sortTree(root);
  return root.children;
}

function sortTree(folder: TreeFolder): void {
  folder.children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  folder.children.forEach((child) => child.kind === 'folder' && sortTree(child));
}

export function isMarkdown(file: ArtifactFile): boolean {
  return fileKind(file.path, file.contentType) === 'markdown';
}

export function isHtml(file: ArtifactFile): boolean {
  return fileKind(file.path, file.contentType) === 'html';
}

/**
 * The essay, chosen the way the server's package does: the largest HTML file under `essay/`, else one named like an
 * entry page, else the largest HTML file.
 */
export function findEssay(files: readonly ArtifactFile[]): ArtifactFile | null {
  const pages = files.filter(isHtml);
  const largest = (list: ArtifactFile[]) => [...list].sort((a, b) => b.sizeBytes - a.sizeBytes)[0] ?? null;
  return (
    largest(pages.filter((file) => file.path.startsWith('essay/'))) ??
    pages.find((file) => /(^|\/)(index|essay|article)\.html?$/i.test(file.path)) ??
    largest(pages)
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Folders that hold how a piece was made (the brief as typed, audits, sign-off), not what it is about. */
const BEHIND_THE_SCENES = /^(intake|audits?|qa|publication)\//i;
const MAIN_NAMES = /(^|\/)(brief|report|summary|findings|essay|article)(\/|\.(md|markdown)$)/i;

/**
 * The markdown file to preview first: a main text by its name or folder (brief, report, …) outside the
 * behind-the-scenes folders, else the largest markdown file there, else the largest of all. Null without markdown.
 */
export function findMainDocument(files: readonly ArtifactFile[]): ArtifactFile | null {
  const markdown = files.filter(isMarkdown);
  const largest = (list: ArtifactFile[]) => [...list].sort((a, b) => b.sizeBytes - a.sizeBytes)[0] ?? null;
  const content = markdown.filter((file) => !BEHIND_THE_SCENES.test(file.path));
  return content.find((file) => MAIN_NAMES.test(file.path)) ?? largest(content) ?? largest(markdown);
}
