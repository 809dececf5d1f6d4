// backend/src keeps its folders in layers: no folder imports (directly or through others) a folder that imports it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../src');
/**
 * Dependencies still being untangled, left out of the check: imports among the accounts rework's folders (issue 13).
 * Nothing else may close a cycle.
 */
const ACCOUNTS = new Set(['auth', 'users', 'common', 'audit']);
const ignored = (from: string, to: string) => ACCOUNTS.has(from) && ACCOUNTS.has(to);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** folder → folders it imports (top-level files such as app.module.ts compose folders and are not part of any). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const [from, ...rest] = relative(SRC, file).split('/');
    if (rest.length === 0) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(SRC, resolve(dirname(file), match[1])).split('/');
      if (target.length < 2 || target[0] === '..' || target[0] === from || ignored(from, target[0])) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(target[0]);
    }
  }
  return graph;
}

function reachable(graph: Map<string, Set<string>>, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    for (const next of graph.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

describe('backend/src folder dependencies', () => {
  it('have no cycles (engine, events, metrics, logging, experiments, runs, database … each one way only)', () => {
    const graph = folderGraph();
    const cycles: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        if (reachable(graph, to).has(from)) cycles.push(`${from} → ${to} → … → ${from}`);
      }
    }
    expect(cycles).toEqual([]);
  });

  it('would notice a cycle', () => {
    const graph = new Map([['engine', new Set(['events'])], ['events', new Set(['engine'])]]);
    expect(reachable(graph, 'events').has('engine')).toBe(true);
  });
});
