import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFixtureTree } from './support/fixture-catalog';

const ESY = path.resolve(__dirname, '../../runner/bin/esy.js');

function esy(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // No provider keys: the run must use the simulator whatever the developer's shell holds.
  const clean = { ...process.env, ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [ESY, ...args], { env: clean, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as unknown as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('esy run (subprocess)', () => {
  let dir: string;
  let content: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'esy-run-'));
    content = path.join(dir, 'orchestration');
    writeFixtureTree(content);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a workflow into a folder, writes run.json with hashed artifacts, and exits 0', async () => {
    const out = path.join(dir, 'ok');
    const result = await esy(['run', 'fixture-essay', '--orchestration', content, '--intent', 'word=serendipity', '--out', out, '--json']);
    expect(result.stderr).toContain('run completed');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ status: 'completed', simulated: true, run_record: path.join(out, 'run.json') });
    expect(summary.gates.map((g: { gate: string; status: string }) => `${g.gate}:${g.status}`)).toEqual(['R1:passed', 'E1:passed', 'C1:passed', 'D1:skipped']);

    const record = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(record.run.status).toBe('completed');
    expect(record.attempts).toHaveLength(4);
    expect(record.attempts[0].promptPacket.agents[0].system).toContain('fixture-researcher');
    expect(record.attempts[0].rawOutput.agents[0].rounds.length).toBeGreaterThan(2);
    expect(record.attempts[0].validationResults.outcome).toBe('pass');
    expect(record.events.map((e: { type: string }) => e.type).at(-1)).toBe('run_completed');
    // every artifact's hash matches the file on disk (the last version of each path)
    const latest = new Map<string, { sha256: string; sizeBytes: number }>();
    for (const artifact of record.artifacts) latest.set(artifact.path, artifact);
    expect(latest.size).toBeGreaterThan(5);
    for (const [file, artifact] of latest) {
      const bytes = readFileSync(path.join(out, 'workspace', file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(artifact.sha256);
      expect(bytes.length).toBe(artifact.sizeBytes);
    }
  });

  it('exits 1 and records the pause when a gate fails every attempt', async () => {
    const out = path.join(dir, 'paused');
    const result = await esy(['run', 'fixture-essay', '--orchestration', content, '--intent', 'word=ledger', '--out', out, '--fail', 'E1=3']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Run paused: E1 Essay Complete failed 3 of 3 attempts/);
    const record = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(record.run).toMatchObject({ status: 'paused' });
    expect(record.attempts.filter((a: { gateId: string }) => a.gateId === 'E1').map((a: { status: string }) => a.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('refuses a bad intent with a message per field and writes nothing', async () => {
    const out = path.join(dir, 'bad');
    const result = await esy(['run', 'fixture-essay', '--orchestration', content, '--intent', 'colour=red', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/word: Word is required/);
    expect(result.stderr).toMatch(/colour: unknown field/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown workflow and lists the known ones', async () => {
    const result = await esy(['run', 'nope', '--orchestration', content]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown workflow "nope"; built-in workflows: fixture-essay/);
  });
});
