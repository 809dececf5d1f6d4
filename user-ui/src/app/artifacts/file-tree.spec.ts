import type { ArtifactFile } from '../data/view-models';
import { buildFileTree, findEssay, findMainDocument, formatBytes, type TreeNode } from './file-tree';
import { stripFrontMatter } from '@esy/ui-kit';

const file = (path: string, extra: Partial<ArtifactFile> = {}): ArtifactFile => ({
  id: path,
  path,
  name: path.split('/').pop() ?? path,
  contentType: path.endsWith('.html') ? 'text/html' : 'text/markdown',
  sizeBytes: 100,
  sha256: 'x',
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

const shape = (nodes: readonly TreeNode[]): unknown[] => nodes.map((node) => (node.kind === 'folder' ? { [node.name]: shape(node.children) } : node.name));

describe('package file tree', () => {
  it('nests files in folders, folders first, alphabetical, newest version of a path only', () => {
    const tree = buildFileTree([
      file('research/sources.md', { id: 'old', createdAt: '2026-01-01T00:00:00Z' }),
      file('essay.html'),
      file('research/notes/a.md'),
      file('research/sources.md', { id: 'new', createdAt: '2026-01-02T00:00:00Z' }),
      file('appendix.md'),
    ]);
    expect(shape(tree)).toEqual([{ research: [{ notes: ['a.md'] }, 'sources.md'] }, 'appendix.md', 'essay.html']);
    const research = tree[0].kind === 'folder' ? tree[0].children : [];
    const sources = research.find((node) => node.name === 'sources.md');
    expect(sources?.kind === 'file' && sources.file.id).toBe('new');
  });

  it('finds the essay page as the package does: under essay/ first, then an entry-like name, then the largest', () => {
    expect(findEssay([file('a/small.html', { sizeBytes: 10 }), file('a/big.html', { sizeBytes: 900 })])?.path).toBe('a/big.html');
    expect(findEssay([file('a/big.html', { sizeBytes: 900 }), file('essay/serendipity.html', { sizeBytes: 5 })])?.path).toBe('essay/serendipity.html');
    expect(findEssay([file('a/big.html', { sizeBytes: 900 }), file('site/index.html', { sizeBytes: 5 })])?.path).toBe('site/index.html');
    expect(findEssay([file('notes.md')])).toBeNull();
  });

  it('formats sizes and drops front matter before rendering markdown', () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 * 1024)]).toEqual(['512 B', '2.0 KB', '5.0 MB']);
    expect(stripFrontMatter('---\nstatus: done\n---\n# Title\n')).toBe('# Title\n');
    expect(stripFrontMatter('# No front matter\n---\n')).toBe('# No front matter\n---\n');
  });

  it('previews the main text first, not the brief as typed or an audit', () => {
    const audit = file('audits/CITATIONS.md', { sizeBytes: 9000 });
    const intake = file('intake/BRIEF.md', { sizeBytes: 8000 });
    const notes = file('research/NOTES.md', { sizeBytes: 5000 });
    const brief = file('brief/BRIEF.md', { sizeBytes: 3000 });
    expect(findMainDocument([audit, intake, notes, brief])?.path).toBe('brief/BRIEF.md');
    expect(findMainDocument([audit, intake, notes, file('brief/serendipity.md', { sizeBytes: 10 })])?.path).toBe('brief/serendipity.md');
    expect(findMainDocument([audit, intake, notes])?.path).toBe('research/NOTES.md');
    expect(findMainDocument([audit, intake])?.path).toBe('audits/CITATIONS.md');
    expect(findMainDocument([file('essay/page.html')])).toBeNull();
  });
});
