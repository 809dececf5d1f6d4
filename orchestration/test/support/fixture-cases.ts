import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { Depth } from '../../core/content/contract-schema';
import type { GateOutcome } from '../../core/validation/types';

export const FIXTURES_DIR = nodePath.resolve(__dirname, '../fixtures');

/**
 * fixtures/manifest.json: named base workspaces, and cases that each start from one base and change it a little
 * (files copied over it from `overlay`, `delete`d paths, text `edits`, `append`ed text), then state the expected
 * outcome per gate. A gate key is a built-in gate id (orchestration/gates/contracts/<id>.contract.json) or a
 * contract path relative to fixtures/ ending in `.contract.json`.
 */
export interface FixtureManifest {
  workspaces: Record<string, { dir: string; slug: string }>;
  cases: FixtureCase[];
}

export interface FixtureCase {
  name: string;
  description?: string;
  workspace: string;
  depth?: Depth;
  overlay?: string;
  delete?: string[];
  edits?: { file: string; find: string; replace: string }[];
  append?: Record<string, string>;
  /** Run url_reachable checks (with a fetch that refuses every request: fixtures never touch the network). */
  network?: boolean;
  /** Every pre-script "exits with code 1" (the server never runs them; this is how the CLI reports one). */
  pre_script_fails?: boolean;
  expect: Record<string, GateOutcome>;
  /** Fail codes a gate must report (subset). */
  expect_codes?: Record<string, string[]>;
  /** Text that must appear in some row detail of a gate (to pin why it failed). */
  expect_detail?: Record<string, string>;
}

export function readManifest(): FixtureManifest {
  return JSON.parse(readFileSync(nodePath.join(FIXTURES_DIR, 'manifest.json'), 'utf8'));
}

/** Builds a case's workspace in a fresh temp dir; throws when an edit no longer applies (a stale fixture). */
export function materialize(manifest: FixtureManifest, fixture: FixtureCase): { dir: string; slug: string; cleanup: () => void } {
  const base = manifest.workspaces[fixture.workspace];
  if (!base) throw new Error(`case ${fixture.name}: unknown workspace "${fixture.workspace}"`);
  const parent = mkdtempSync(nodePath.join(tmpdir(), 'esy-fixture-'));
  const dir = nodePath.join(parent, base.slug);
  cpSync(nodePath.join(FIXTURES_DIR, base.dir), dir, { recursive: true });
  if (fixture.overlay) cpSync(nodePath.join(FIXTURES_DIR, fixture.overlay), dir, { recursive: true });
  for (const path of fixture.delete ?? []) {
    if (!existsSync(nodePath.join(dir, path))) throw new Error(`case ${fixture.name}: cannot delete ${path}: not in the workspace`);
    rmSync(nodePath.join(dir, path), { recursive: true });
  }
  for (const edit of fixture.edits ?? []) {
    const file = nodePath.join(dir, edit.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(edit.find)) throw new Error(`case ${fixture.name}: "${edit.find}" not found in ${edit.file}`);
    writeFileSync(file, text.split(edit.find).join(edit.replace));
  }
  for (const [path, text] of Object.entries(fixture.append ?? {})) {
    const file = nodePath.join(dir, path);
    mkdirSync(nodePath.dirname(file), { recursive: true });
    writeFileSync(file, (existsSync(file) ? readFileSync(file, 'utf8') : '') + text);
  }
  return { dir, slug: base.slug, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}
