import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_MODELS, executeToolCall, runToolLoop, toolDefinitionsFor, type ModelAdapter, type ModelRequest, type ModelResponse } from '@esy/orchestration';
import { PG, type Pg } from '../../src/database/pg';
import { PostgresWorkspaceProvider } from '../../src/engine/postgres-workspace';
import { registerUser } from '../support';
import { createRun, specIdOf, startRunsHarness, type RunsHarness } from './support';

const ATTACKS = [
  '../escape.md',
  '../../etc/passwd',
  'research/../../outside.md',
  '/etc/passwd',
  '/tmp/esy-escape.md',
  '~/escape.md',
  'C:/Windows/escape.md',
  '..\\escape.md',
  'notes\u0000.md',
  'research/\u0000/../../x.md',
  'a/b/../../../escape.md',
];

/**
 * The workspace tools on the server's PostgreSQL workspace: a model's path tricks come back to it as tool errors,
 * and neither another run's files nor the host's disk are touched.
 */
describe('Runs: workspace tool path attacks', () => {
  let h: RunsHarness;
  let pg: Pg;
  let provider: PostgresWorkspaceProvider;
  let victimRun: string;
  let attackerRun: string;
  let sentinelDir: string;

  const filesOf = async (runId: string) =>
    h.db.query<{ path: string; sha256: string; content: string }>('SELECT path, sha256, content FROM workspace_files WHERE run_id = $1 ORDER BY path', [runId]);

  beforeAll(async () => {
    h = await startRunsHarness({ workers: 0 });
    pg = h.t.app.get<Pg>(PG);
    provider = new PostgresWorkspaceProvider(pg);
    const alice = await registerUser(h.t.http);
    const mallory = await registerUser(h.t.http);
    const specId = await specIdOf(h.t.http, alice.auth);
    victimRun = (await createRun(h.t.http, alice.auth, specId)).id;
    attackerRun = (await createRun(h.t.http, mallory.auth, specId, { word: 'escape', angle: 'etymology', audience: 'general' })).id;
    const victim = await provider.forRun(victimRun);
    await victim.writeFile('research/sources.md', '# Sources\n\n1. A real source\n');
    await victim.writeFile('escape.md', 'the victim’s own file\n');
    await victim.flush(); // accepted writes are stored together at the end of an attempt
    sentinelDir = mkdtempSync(join(tmpdir(), 'esy-sentinel-'));
    writeFileSync(join(sentinelDir, 'keep.txt'), 'untouched');
  }, 180_000);
  afterAll(async () => {
    rmSync(sentinelDir, { recursive: true, force: true });
    await h?.close();
  }, 60_000);

  it('refuses every trick on write, read and list with an error result, and writes nothing anywhere', async () => {
    const victimBefore = await filesOf(victimRun);
    const workspace = await provider.forRun(attackerRun);
    let n = 0;
    for (const path of [...ATTACKS, join(sentinelDir, 'keep.txt')]) {
      for (const [name, input] of [
        ['write_file', { path, content: 'pwned' }],
        ['read_file', { path }],
        ['list_directory', { path }],
      ] as const) {
        const result = await executeToolCall(workspace, { type: 'tool_use', id: `t${n++}`, name, input });
        expect({ path, name, isError: result.isError }).toEqual({ path, name, isError: true });
        expect(result.content).toMatch(/refused/);
        expect(result.content).not.toContain('pwned');
      }
    }
    await workspace.flush();
    expect(await filesOf(attackerRun)).toEqual([]);
    expect(await filesOf(victimRun)).toEqual(victimBefore);
    expect(readdirSync(sentinelDir)).toEqual(['keep.txt']);
    expect(readFileSync(join(sentinelDir, 'keep.txt'), 'utf8')).toBe('untouched');
    // A fresh load of the workspace shows the same: nothing was written through to the table.
    expect(await (await provider.forRun(attackerRun)).listFiles()).toEqual([]);
  });

  it('normalises harmless paths inside the workspace and keeps runs apart', async () => {
    const workspace = await provider.forRun(attackerRun);
    const write = await executeToolCall(workspace, { type: 'tool_use', id: 'w', name: 'write_file', input: { path: './notes/./a.md', content: 'mine' } });
    expect(write.isError).toBeFalsy();
    const read = await executeToolCall(workspace, { type: 'tool_use', id: 'r', name: 'read_file', input: { path: 'escape.md' } });
    expect(read.isError).toBe(true); // the victim's escape.md is not visible from this run
    await workspace.flush();
    expect((await filesOf(attackerRun)).map((f) => f.path)).toEqual(['notes/a.md']);
    expect((await filesOf(victimRun)).map((f) => f.path)).toEqual(['escape.md', 'research/sources.md']);
  });

  it('shows the model the refusal inside the tool loop, so it can correct itself', async () => {
    const requests: ModelRequest[] = [];
    const script: ModelResponse[] = [
      { text: '', toolCalls: [{ type: 'tool_use', id: 'a', name: 'write_file', input: { path: '../../../etc/cron.d/x', content: 'pwned' } }], usage: { inputTokens: 10, outputTokens: 5 }, stopReason: 'tool_use', raw: null },
      { text: '', toolCalls: [{ type: 'tool_use', id: 'b', name: 'write_file', input: { path: 'draft.md', content: '# Draft' } }], usage: { inputTokens: 10, outputTokens: 5 }, stopReason: 'tool_use', raw: null },
      { text: 'done', toolCalls: [], usage: { inputTokens: 10, outputTokens: 5 }, stopReason: 'end_turn', raw: null },
    ];
    const adapter: ModelAdapter = {
      provider: 'scripted',
      complete: async (request) => {
        requests.push(request);
        return script[requests.length - 1];
      },
    };
    const workspace = await provider.forRun(attackerRun);
    const result = await runToolLoop({
      adapter,
      model: BUILT_IN_MODELS[0],
      system: 'test',
      user: 'write a draft',
      tools: toolDefinitionsFor(),
      workspace,
      limits: { maxRounds: 5, maxInputTokens: 10_000, maxOutputTokens: 10_000, maxOutputTokensPerCall: 1000 },
    });
    expect(result.outcome).toBe('completed');
    await workspace.flush();
    const feedback = requests[1].messages[requests[1].messages.length - 1].content[0] as { content: string; isError?: boolean };
    expect(feedback).toMatchObject({ isError: true, content: expect.stringMatching(/write_file refused: .*(\.\.|outside)/) });
    expect((await filesOf(attackerRun)).map((f) => f.path)).toEqual(['draft.md', 'notes/a.md']);
  });
});
