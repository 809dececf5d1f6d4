import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';

const ESY = nodePath.resolve(__dirname, '../../runner/bin/esy.js');

function esy(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [ESY, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, lastLine: result.stdout.trimEnd().split('\n').pop() };
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(nodePath.dirname(nodePath.join(root, path)), { recursive: true });
    writeFileSync(nodePath.join(root, path), content);
  }
}

const sources = Array.from({ length: 9 }, (_, i) => `### Source ${i + 1}\nAuthor, *Title* (19${50 + i}).`).join('\n\n');
const contract = {
  gate: 'T2',
  name: 'Research Complete',
  required_outputs: { all_of: [{ path: '{artifact_path}/research/CITATIONS.md' }] },
  validations: [
    { type: 'min_sources', target: '{artifact_path}/research/CITATIONS.md', thresholds: { quick: 3, standard: 8, deep: 15 } },
    { type: 'not_contains', target: '{artifact_path}/research/CITATIONS.md', pattern: 'delve', severity: 'warning' },
    { type: 'url_reachable', target: '{artifact_path}/research/CITATIONS.md' },
  ],
};

describe('esy validate (subprocess)', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(nodePath.join(tmpdir(), 'esy-validate-'));
    write(root, {
      'contracts/T2.contract.json': JSON.stringify(contract),
      'contracts/broken.contract.json': JSON.stringify({ gate: 'T9', validations: [{ type: 'min_sources', target: 'x', thresholds: { quick: 1 } }] }),
      'contracts/bad-regex.contract.json': JSON.stringify({ gate: 'T8', validations: [{ type: 'regex_match', target: 'a.md', regex: '([' }] }),
      'contracts/script.contract.json': JSON.stringify({
        gate: 'T7',
        pre_scripts: [{ path: 'scripts/make.js', args: ['{artifact_path}', '{slug}'] }],
        validations: [{ type: 'contains_text', target: '{artifact_path}/made.txt', patterns: ['made for robot'] }],
      }),
      'scripts/make.js': "require('fs').writeFileSync(process.argv[2] + '/made.txt', 'made for ' + process.argv[3]);",
      'essays/good/research/CITATIONS.md': sources,
      'essays/robot/research/CITATIONS.md': sources,
      'essays/warn/research/CITATIONS.md': `${sources}\nLet us delve in.`,
      'essays/thin/research/CITATIONS.md': '### One',
    });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('pass: one line per check, the verdict last, exit 0', () => {
    const run = esy(['validate', '--contract', 'contracts/T2.contract.json', '--dir', 'essays/good', '--no-network'], root);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^T2 Research Complete — .*essays\/good \(depth standard\)$/);
    expect(lines).toContain('  ✓ required_output research/CITATIONS.md — exists');
    expect(lines.some((line) => line.startsWith('  ✓ min_sources research/CITATIONS.md — 9 sources'))).toBe(true);
    expect(lines).toContain('  - url_reachable research/CITATIONS.md — skipped: network checks are off');
    expect(run.lastLine).toBe('pass');
  });

  it('warn: only a warning failed, exit 0 and the verdict warn', () => {
    const run = esy(['validate', '--contract', 'contracts/T2.contract.json', '--dir', 'essays/warn', '--no-network'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  ! not_contains research/CITATIONS.md — contains "delve"');
    expect(run.lastLine).toBe('warn');
  });

  it('fail: exit 1; --depth picks the thresholds', () => {
    const thin = esy(['validate', '--contract', 'contracts/T2.contract.json', '--dir', 'essays/thin', '--no-network'], root);
    expect(thin.code).toBe(1);
    expect(thin.stdout).toContain('  ✗ min_sources research/CITATIONS.md — 1 sources');
    expect(thin.lastLine).toBe('fail');
    const deep = esy(['validate', '--contract', 'contracts/T2.contract.json', '--dir', 'essays/good', '--depth', 'deep', '--no-network'], root);
    expect(deep.code).toBe(1);
    expect(deep.stdout).toContain('need 15 at deep depth');
  });

  it('--json prints the whole result', () => {
    const run = esy(['validate', '--contract', 'contracts/T2.contract.json', '--dir', 'essays/thin', '--no-network', '--json'], root);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ gate: 'T2', outcome: 'fail', failCodes: ['VALIDATION_FAILED'], depth: 'standard' });
    expect(json.results.map((row: { type: string; passed: boolean }) => [row.type, row.passed])).toEqual([
      ['required_output', true],
      ['min_sources', false],
      ['not_contains', true],
      ['url_reachable', true],
    ]);
    expect(json.results[3].skipped).toBe(true);
  });

  it('usage and contract errors exit 2 with a clear message', () => {
    const missingDir = esy(['validate', '--contract', 'contracts/T2.contract.json'], root);
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toContain("required option '--dir <dir>' not specified");
    const badDepth = esy(['validate', '--contract', 'contracts/T2.contract.json', '--dir', 'essays/good', '--depth', 'huge'], root);
    expect(badDepth.code).toBe(2);
    expect(badDepth.stderr).toContain('Allowed choices are quick, standard, deep');
    const noSuchDir = esy(['validate', '--contract', 'contracts/T2.contract.json', '--dir', 'essays/none'], root);
    expect(noSuchDir.code).toBe(2);
    expect(noSuchDir.stderr).toContain('--dir');
    const unknown = esy(['validate', '--contract', 'G404', '--dir', 'essays/good'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('esy: --contract "G404" is neither a contract file nor a built-in gate id');
    const broken = esy(['validate', '--contract', 'contracts/broken.contract.json', '--dir', 'essays/good'], root);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.contract.json: validations[0].thresholds: expected object with quick/standard/deep numbers');
    const badRegex = esy(['validate', '--contract', 'contracts/bad-regex.contract.json', '--dir', 'essays/good'], root);
    expect(badRegex.code).toBe(2);
    expect(badRegex.stdout).toContain('contract error: invalid regex');
    expect(badRegex.lastLine).toBe('fail');
  });

  it('runs pre_scripts from --root before validating, unless --no-scripts', () => {
    const run = esy(['validate', '--contract', 'contracts/script.contract.json', '--dir', 'essays/robot'], root);
    expect(run.stdout).toContain('  ✓ pre_script scripts/make.js — ran scripts/make.js');
    expect(run.lastLine).toBe('pass');
    rmSync(nodePath.join(root, 'essays/robot/made.txt'));
    const off = esy(['validate', '--contract', 'contracts/script.contract.json', '--dir', 'essays/robot', '--no-scripts'], root);
    expect(off.stdout).toContain('  - pre_script scripts/make.js — skipped: pre_scripts are off (--no-scripts)');
    expect(off.code).toBe(1);
  });

  it('--root sets what paths without {artifact_path} are relative to', () => {
    write(root, { 'other/rules.md': '# Rules' });
    const rel = { gate: 'T3', validations: [{ type: 'file_exists', target: 'rules.md' }, { type: 'file_exists', target: '{artifact_path}/research/CITATIONS.md' }] };
    write(root, { 'contracts/rel.contract.json': JSON.stringify(rel) });
    const run = esy(['validate', '--contract', nodePath.join(root, 'contracts/rel.contract.json'), '--dir', nodePath.join(root, 'essays/good'), '--root', nodePath.join(root, 'other')], root);
    expect(run.stdout).toContain('  ✓ file_exists rules.md — exists');
    expect(run.code).toBe(0);
  });
});
