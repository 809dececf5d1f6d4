import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { confinePath } from '../../core/engine/workspace/path-confinement';
import { DiskWorkspace } from '../../core/engine/workspace/disk-workspace';
import { MemoryWorkspace } from '../../core/engine/workspace/memory-workspace';
import { executeToolCall } from '../../core/engine/tools';
import type { Workspace } from '../../core/engine/workspace/workspace';

const ATTACKS: Array<[string, RegExp]> = [
  ['../x', /leaves the workspace/],
  ['a/../../x', /leaves the workspace/],
  ['/etc/passwd', /absolute/],
  ['~/secrets', /absolute/],
  ['C:/Windows/win.ini', /drive/],
  ['..\\x', /backslash/],
  ['notes\u0000.md', /control character/],
  ['', /does not name a file/],
  ['./', /does not name a file/],
  ['a/..', /does not name a file/],
];

describe('confinePath', () => {
  it('normalises harmless spellings of a path', () => {
    expect(confinePath('./research//notes.md')).toEqual({ ok: true, path: 'research/notes.md' });
    expect(confinePath('a/b/../c.md')).toEqual({ ok: true, path: 'a/c.md' });
    expect(confinePath('', { allowRoot: true })).toEqual({ ok: true, path: '' });
  });

  it.each(ATTACKS)('refuses %j', (raw, reason) => {
    const result = confinePath(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses non-strings', () => {
    expect(confinePath(42).ok).toBe(false);
    expect(confinePath(undefined).ok).toBe(false);
  });
});

describe('write_file through the tools', () => {
  let sandbox: string;
  let root: string;
  let outside: string;

  beforeEach(async () => {
    sandbox = await mkdtemp(path.join(tmpdir(), 'esy-ws-'));
    root = path.join(sandbox, 'workspace');
    outside = path.join(sandbox, 'outside');
    await mkdir(root, { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'secret.txt'), 'do not touch');
  });
  afterEach(async () => rm(sandbox, { recursive: true, force: true }));

  const write = (ws: Workspace, p: unknown, content = 'x') =>
    executeToolCall(ws, { type: 'tool_use', id: 't1', name: 'write_file', input: { path: p, content } });
  const read = (ws: Workspace, p: unknown) => executeToolCall(ws, { type: 'tool_use', id: 't2', name: 'read_file', input: { path: p } });

  it.each(ATTACKS)('refuses %j on disk with a message the model can read, and writes nothing outside', async (raw, reason) => {
    const ws = new DiskWorkspace(root);
    const result = await write(ws, raw, 'pwned');
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/^write_file refused: /);
    expect(result.content).toMatch(reason);
    expect(result.content).not.toContain(sandbox);
    expect(await readdir(outside)).toEqual(['secret.txt']);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('do not touch');
    expect(await readdir(sandbox)).toEqual(['outside', 'workspace']);
  });

  it('names the refused path in the message', async () => {
    const result = await write(new MemoryWorkspace(), '../x');
    expect(result).toMatchObject({ isError: true, content: 'write_file refused: path "../x" leaves the workspace' });
  });

  it('refuses to write through a folder symlink that points outside', async () => {
    await symlink(outside, path.join(root, 'escape'));
    const ws = new DiskWorkspace(root);
    const result = await write(ws, 'escape/owned.txt', 'pwned');
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/leaves the workspace through the link "escape"/);
    expect(await readdir(outside)).toEqual(['secret.txt']);
  });

  it('refuses to write through a file symlink, even one planted at the exact name', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'note.md'));
    const ws = new DiskWorkspace(root);
    const result = await write(ws, 'note.md', 'pwned');
    expect(result.isError).toBe(true);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('do not touch');
  });

  it('refuses to read through a symlink that points outside', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'leak.txt'));
    const result = await read(new DiskWorkspace(root), 'leak.txt');
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/leaves the workspace through a symbolic link/);
    expect(result.content).not.toContain('do not touch');
  });

  it('does not list symlinks', async () => {
    await symlink(outside, path.join(root, 'escape'));
    const ws = new DiskWorkspace(root);
    await ws.writeFile('a/b.md', 'hi');
    expect(await ws.listFiles()).toEqual(['a/b.md']);
  });

  it('writes inside the root, creates folders and reports hash, size and content type', async () => {
    const ws = new DiskWorkspace(root);
    const result = await write(ws, 'research/notes.md', 'héllo');
    expect(result.isError).toBeFalsy();
    expect(await readFile(path.join(root, 'research/notes.md'), 'utf8')).toBe('héllo');
    const written = await ws.writeFile('research/notes.md', 'héllo');
    expect(written).toEqual({
      path: 'research/notes.md',
      sha256: createHash('sha256').update(Buffer.from('héllo', 'utf8')).digest('hex'),
      sizeBytes: 6,
      contentType: 'text/markdown',
    });
  });

  it.each([
    ['disk', () => new DiskWorkspace(root, { maxFileBytes: 10, maxFiles: 2 })],
    ['memory', () => new MemoryWorkspace({}, { maxFileBytes: 10, maxFiles: 2 })],
  ])('caps file size and file count (%s)', async (_kind, make) => {
    const ws = make();
    expect((await write(ws, 'big.txt', 'x'.repeat(11))).content).toMatch(/the limit is 10 bytes per file/);
    expect((await write(ws, 'one.txt')).isError).toBeFalsy();
    expect((await write(ws, 'two.txt')).isError).toBeFalsy();
    expect((await write(ws, 'one.txt', 'again')).isError).toBeFalsy(); // replacing does not add a file
    expect((await write(ws, 'three.txt')).content).toMatch(/already holds 2 files/);
    expect(await ws.listFiles()).toEqual(['one.txt', 'two.txt']);
  });

  it('reports a missing file and an unknown tool as tool errors, not exceptions', async () => {
    const ws = new MemoryWorkspace();
    expect(await read(ws, 'nope.md')).toMatchObject({ isError: true, content: expect.stringMatching(/no file "nope.md"/) });
    const unknown = await executeToolCall(ws, { type: 'tool_use', id: 'z', name: 'delete_everything', input: {} });
    expect(unknown).toMatchObject({ isError: true, toolUseId: 'z', content: expect.stringMatching(/unknown tool/) });
    const badContent = await executeToolCall(ws, { type: 'tool_use', id: 'y', name: 'write_file', input: { path: 'a.md', content: 5 } });
    expect(badContent).toMatchObject({ isError: true, content: expect.stringMatching(/must be a string/) });
  });

  it('lists folders and reads long files in pieces', async () => {
    const ws = new MemoryWorkspace({ 'a/one.md': '1', 'a/b/two.md': '2', 'top.md': 't'.repeat(50) });
    const list = (input: Record<string, unknown>) => executeToolCall(ws, { type: 'tool_use', id: 'l', name: 'list_directory', input });
    expect((await list({})).content).toBe('3 files in the workspace root:\na/b/two.md\na/one.md\ntop.md');
    expect((await list({ path: 'a', recursive: false })).content).toBe('2 entries in "a":\nb/\none.md');
    expect((await list({ path: '../' })).isError).toBe(true);
    const piece = await executeToolCall(ws, { type: 'tool_use', id: 'r', name: 'read_file', input: { path: 'top.md' } }, { maxReadChars: 20 });
    expect(piece.content).toMatch(/^t{20}\n\[… 30 more characters; call read_file with offset 20\]$/);
  });
});
