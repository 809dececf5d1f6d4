/** How a workspace file is shown: rendered markdown, a sandboxed page, an image, plain text, or not at all. */
export type FileKind = 'markdown' | 'html' | 'image' | 'text' | 'binary';

/** Decided from the path first (what authors and agents name files), then the stored content type. */
export function fileKind(path: string, contentType: string): FileKind {
  if (/\.(md|markdown)$/i.test(path) || contentType.startsWith('text/markdown')) return 'markdown';
  if (/\.html?$/i.test(path) || contentType.startsWith('text/html')) return 'html';
  // Workspace files are UTF-8 text, so the only images a run can hold are SVG drawings.
  if (/\.svg$/i.test(path) || contentType.startsWith('image/svg')) return 'image';
  if (/^(text\/|application\/(json|xml|javascript))/.test(contentType) || /\.(txt|json|csv|ya?ml|tsx?|jsx?|css|bib|xml)$/i.test(path)) return 'text';
  return 'binary';
}
