import { checkOne, validateFiles, rowsOf } from '../support/validate-helpers';

const citations = (count: number) =>
  ['# Citations', ...Array.from({ length: count }, (_, i) => `### Source ${i + 1}\nAuthor ${i + 1}, *A Book* (1990).`)].join('\n\n');

describe('file_exists', () => {
  const contract = {
    required_outputs: {
      all_of: [
        { path: '{artifact_path}/intake/brief.md', required: true },
        { path: '{artifact_path}/intake/notes.md', required: false },
      ],
      any_of: [{ path: '{artifact_path}/research/CITATIONS.md' }, { path: '{artifact_path}/research/CLAIMS.md' }],
    },
  };

  it('all_required passes when every required output exists, ignoring optional ones', async () => {
    const { row, outcome } = await checkOne({ type: 'file_exists', target: 'all_required' }, { 'intake/brief.md': 'x', 'research/CLAIMS.md': 'y' }, {}, contract);
    expect(row.passed).toBe(true);
    expect(outcome).toBe('pass');
  });

  it('all_required fails with MISSING_ARTIFACT naming the missing file', async () => {
    const { row, failCodes } = await checkOne({ type: 'file_exists', target: 'all_required' }, { 'research/CLAIMS.md': 'y' }, {}, contract);
    expect(row.passed).toBe(false);
    expect(row.detail).toContain('intake/brief.md');
    expect(failCodes).toEqual(['MISSING_ARTIFACT']);
  });

  it('any_of passes with any one alternative and fails with none', async () => {
    const ok = await checkOne({ type: 'file_exists', target: 'any_of' }, { 'intake/brief.md': 'x', 'research/CLAIMS.md': 'y' }, {}, contract);
    expect(ok.row.passed).toBe(true);
    expect(ok.row.detail).toContain('research/CLAIMS.md');
    const missing = await checkOne({ type: 'file_exists', target: 'any_of' }, { 'intake/brief.md': 'x' }, {}, contract);
    expect(missing.row.passed).toBe(false);
    expect(missing.row.code).toBe('MISSING_ARTIFACT');
  });

  it('any_of with no any_of outputs in the contract is a contract error', async () => {
    const { row, failCodes } = await checkOne({ type: 'file_exists', target: 'any_of', severity: 'warning' }, {}, {});
    expect(row.code).toBe('CONTRACT_ERROR');
    expect(row.severity).toBe('error');
    expect(failCodes).toContain('CONTRACT_ERROR');
  });

  it('resolves {slug} and an artifact path below the root', async () => {
    const { row } = await checkOne({ type: 'file_exists', target: '{artifact_path}/{slug}.html' }, { 'essays/robot/robot.html': '<html>' }, { artifactPath: 'essays/robot' });
    expect(row.passed).toBe(true);
    expect(row.target).toBe('essays/robot/robot.html');
  });
});

describe('required outputs rows', () => {
  it('reports each required output, optional absent outputs pass, and a missing one fails the gate', async () => {
    const result = await validateFiles(
      { required_outputs: { all_of: [{ path: '{artifact_path}/a.md' }, { path: '{artifact_path}/b.md', required: false }] } },
      {},
    );
    const rows = rowsOf(result, 'required_output');
    expect(rows.map((row) => [row.target, row.passed])).toEqual([
      ['a.md', false],
      ['b.md', true],
    ]);
    expect(result.outcome).toBe('fail');
    expect(result.failCodes).toEqual(['MISSING_ARTIFACT']);
  });
});

describe('dir_exists', () => {
  it('passes when a file lies under the folder and fails otherwise', async () => {
    expect((await checkOne({ type: 'dir_exists', target: '{artifact_path}/research' }, { 'research/x.md': '' })).row.passed).toBe(true);
    const missing = await checkOne({ type: 'dir_exists', target: '{artifact_path}/research' }, { 'researchers.md': '' });
    expect(missing.row.passed).toBe(false);
    expect(missing.row.detail).toContain('research/');
  });

  it('the workspace root always exists', async () => {
    expect((await checkOne({ type: 'dir_exists', target: '{artifact_path}' }, {})).row.passed).toBe(true);
  });
});

describe('min_file_count', () => {
  const files = { 'research/a.md': '', 'research/b.md': '', 'research/c.txt': '', 'research/deep/d.md': '' };
  const validation = { type: 'min_file_count', target: '{artifact_path}/research', pattern: '*.md', thresholds: { quick: 1, standard: 2, deep: 3 } };

  it('counts direct matches of the glob against the depth threshold', async () => {
    expect((await checkOne(validation, files, { depth: 'quick' })).row.passed).toBe(true);
    expect((await checkOne(validation, files, { depth: 'standard' })).row.passed).toBe(true);
    const deep = await checkOne(validation, files, { depth: 'deep' });
    expect(deep.row.passed).toBe(false);
    expect(deep.row.detail).toContain('2 files matching *.md');
    expect(deep.row.detail).toContain('need 3 at deep depth');
  });

  it('`**/*.md` reaches into sub-folders and the default pattern counts every direct file', async () => {
    expect((await checkOne({ ...validation, pattern: '**/*.md' }, files, { depth: 'deep' })).row.passed).toBe(true);
    const { pattern: _unused, ...withoutPattern } = validation;
    expect((await checkOne(withoutPattern, files, { depth: 'deep' })).row.passed).toBe(true);
  });
});

describe('min_sources', () => {
  const validation = { type: 'min_sources', target: '{artifact_path}/research/CITATIONS.md', thresholds: { quick: 3, standard: 8, deep: 15 } };

  it('passes with enough ### entries for the depth and fails below', async () => {
    expect((await checkOne(validation, { 'research/CITATIONS.md': citations(8) })).row.passed).toBe(true);
    expect((await checkOne(validation, { 'research/CITATIONS.md': citations(8) }, { depth: 'deep' })).row.passed).toBe(false);
    expect((await checkOne(validation, { 'research/CITATIONS.md': citations(7) })).row.passed).toBe(false);
  });

  it('takes the largest of four counts: headings, distinct URLs, URL/Source/Reference fields, top-level bullets', async () => {
    const urls = Array.from({ length: 8 }, (_, i) => `See https://example.org/source/${i}. Also https://example.org/source/${i}`).join('\n');
    expect((await checkOne(validation, { 'research/CITATIONS.md': urls })).row.detail).toMatch(/^8 sources \(best heuristic: urls/);
    const fields = Array.from({ length: 8 }, (_, i) => `  - **${['URL', 'Source', 'Reference'][i % 3]}**: archive item ${i}`).join('\n');
    expect((await checkOne(validation, { 'research/CITATIONS.md': fields })).row.detail).toMatch(/^8 sources \(best heuristic: fields/);
    const bullets = Array.from({ length: 8 }, (_, i) => `- Author ${i}, *Title*, Publisher.`).join('\n');
    expect((await checkOne(validation, { 'research/CITATIONS.md': bullets })).row.detail).toMatch(/^8 sources \(best heuristic: bullets/);
  });

  it('counts `### [S01]`-style source headings but not section titles', async () => {
    const sections = ['### Primary Sources', '### Tier 2', '### Notes', '### References', '### Overview'];
    const sources = Array.from({ length: 8 }, (_, i) => `### [S0${i + 1}] Oxford English Dictionary, entry ${i}`);
    const { row } = await checkOne(validation, { 'research/CITATIONS.md': [...sections, ...sources].join('\n\n') });
    expect(row.passed).toBe(true);
    expect(row.detail).toMatch(/^8 sources \(best heuristic: headings/);
  });

  it('numbered lines, nested and short bullets are not counted', async () => {
    const numbered = Array.from({ length: 10 }, (_, i) => `${i + 1}. Author, Title, Publisher.`).join('\n');
    expect((await checkOne(validation, { 'research/CITATIONS.md': numbered })).row.passed).toBe(false);
    const nested = Array.from({ length: 10 }, (_, i) => `  - Author ${i}, *Title*, Publisher.`).join('\n');
    expect((await checkOne(validation, { 'research/CITATIONS.md': nested })).row.passed).toBe(false);
    const short = Array.from({ length: 10 }, (_, i) => `- point ${i}`).join('\n');
    expect((await checkOne(validation, { 'research/CITATIONS.md': short })).row.passed).toBe(false);
  });

  it('a missing file fails; with any_of outputs the first existing alternative is used', async () => {
    const missing = await checkOne(validation, {});
    expect(missing.row.passed).toBe(false);
    expect(missing.row.detail).toContain('file not found');
    const contract = { required_outputs: { any_of: [{ path: '{artifact_path}/research/SOURCES.md' }, { path: '{artifact_path}/research/CLAIMS.md' }] } };
    const fallback = await checkOne(validation, { 'research/CLAIMS.md': citations(9) }, {}, contract);
    expect(fallback.row.passed).toBe(true);
    expect(fallback.row.target).toBe('research/CLAIMS.md');
    expect(fallback.row.detail).toContain('used any_of output research/CLAIMS.md');
  });
});

describe('min_sources_any_of', () => {
  const validation = {
    type: 'min_sources_any_of',
    targets: ['{artifact_path}/research/CITATIONS.md', '{artifact_path}/research/CLAIMS.md'],
    thresholds: { quick: 2, standard: 5, deep: 10 },
  };

  it('uses the best of the files', async () => {
    const { row } = await checkOne(validation, { 'research/CITATIONS.md': citations(2), 'research/CLAIMS.md': citations(6) });
    expect(row.passed).toBe(true);
    expect(row.target).toBe('research/CLAIMS.md');
  });

  it('fails when the best is below the threshold or no file exists', async () => {
    expect((await checkOne(validation, { 'research/CITATIONS.md': citations(4) })).row.passed).toBe(false);
    const none = await checkOne(validation, {});
    expect(none.row.passed).toBe(false);
    expect(none.row.detail).toContain('none of the files exists');
  });
});

describe('contains_headings', () => {
  const spec = '# Spec\n\n## Layer 1: Proposed Color Palette\n\nText mentions Typography here.\n\nMotion Design\n-------------\n';
  const validation = { type: 'contains_headings', target: '{artifact_path}/spec/SPEC.md', required_headings: ['color', 'MOTION'] };

  it('is a case-sensitive substring check anywhere in the file, as in Esy', async () => {
    const terms = { ...validation, required_headings: ['Color', 'Layer 1', 'Typography', 'Motion'] };
    expect((await checkOne(terms, { 'spec/SPEC.md': spec })).row.passed).toBe(true);
    const html = '<html><body><h2>Sources</h2><p>Color</p></body></html>';
    expect((await checkOne({ ...validation, target: 'essay.html', required_headings: ['Sources', 'Color'] }, { 'essay.html': html })).row.passed).toBe(true);
  });

  it('fails with HEADING_MISMATCH when only another letter case is present, and says so', async () => {
    const { row, failCodes } = await checkOne({ ...validation, required_headings: ['Color', 'LAYER 1', 'color'] }, { 'spec/SPEC.md': spec });
    expect(row.passed).toBe(false);
    expect(row.detail).toContain('missing headings "LAYER 1", "color"');
    expect(row.detail).toContain('appear only in another letter case');
    expect(failCodes).toEqual(['HEADING_MISMATCH']);
  });

  it('a missing file fails as a heading mismatch', async () => {
    const { row } = await checkOne(validation, {});
    expect(row.passed).toBe(false);
    expect(row.code).toBe('HEADING_MISMATCH');
  });
});

describe('contains_text', () => {
  const validation = { type: 'contains_text', target: '{artifact_path}/essay.html', patterns: ['id="bibliography"', 'Sources'] };

  it('passes when every substring appears (case-sensitive) and lists the missing ones otherwise', async () => {
    expect((await checkOne(validation, { 'essay.html': '<section id="bibliography"><h2>Sources</h2>' })).row.passed).toBe(true);
    const { row } = await checkOne(validation, { 'essay.html': '<section id="bibliography"><h2>sources</h2>' });
    expect(row.passed).toBe(false);
    expect(row.detail).toBe('missing text "Sources"');
  });

  it('checks each of `targets`, one row per file', async () => {
    const result = await validateFiles(
      { validations: [{ type: 'contains_text', targets: ['a.html', 'b.html'], patterns: ['x'] }] },
      { 'a.html': 'x', 'b.html': 'y' },
    );
    expect(rowsOf(result, 'contains_text').map((row) => [row.target, row.passed])).toEqual([
      ['a.html', true],
      ['b.html', false],
    ]);
  });
});

describe('not_contains', () => {
  const validation = { type: 'not_contains', target: '{artifact_path}/essay.html', pattern: 'TODO' };

  it('passes when absent and fails naming the first line when present', async () => {
    expect((await checkOne(validation, { 'essay.html': 'done' })).row.passed).toBe(true);
    const { row } = await checkOne(validation, { 'essay.html': 'a\nb TODO\nTODO' });
    expect(row.passed).toBe(false);
    expect(row.detail).toBe('contains "TODO" 2 times (first on line 2)');
  });

  it('a missing file fails unless missing_ok', async () => {
    expect((await checkOne(validation, {})).row.passed).toBe(false);
    const ok = await checkOne({ ...validation, missing_ok: true }, {});
    expect(ok.row.passed).toBe(true);
    expect(ok.row.detail).toContain('missing_ok');
  });

  it('a failing warning check makes the gate warn, not fail', async () => {
    const { outcome, failCodes, row } = await checkOne({ ...validation, severity: 'warning' }, { 'essay.html': 'TODO' });
    expect(row.passed).toBe(false);
    expect(outcome).toBe('warn');
    expect(failCodes).toEqual([]);
  });
});

describe('frontmatter_status', () => {
  const validation = {
    type: 'frontmatter_status',
    target: '{artifact_path}/audits/CITATION-AUDIT.md',
    checks: { status: { not: 'FAIL' }, score: { min: 8 }, auditor: 'citation-auditor' },
  };
  const audit = (front: string) => ({ 'audits/CITATION-AUDIT.md': `---\n${front}\n---\n# Audit\n` });

  it('passes when every check holds (equality, not, min)', async () => {
    expect((await checkOne(validation, audit('status: PASS\nscore: 8.5\nauditor: citation-auditor'))).row.passed).toBe(true);
  });

  it('fails on a forbidden value, a low score, a different value or a missing field', async () => {
    const { row } = await checkOne(validation, audit('status: FAIL\nscore: 7\nauditor: someone'));
    expect(row.passed).toBe(false);
    expect(row.detail).toContain('status is "FAIL", which is not allowed');
    expect(row.detail).toContain('score is 7, expected at least 8');
    expect(row.detail).toContain('auditor is "someone", expected "citation-auditor"');
    const missing = await checkOne(validation, audit('score: 9'));
    expect(missing.row.detail).toBe('auditor is missing');
  });

  it('a missing field satisfies `not` ("must not equal"), but not equality or min', async () => {
    expect((await checkOne(validation, audit('score: 9\nauditor: citation-auditor'))).row.passed).toBe(true);
    expect((await checkOne(validation, audit('status: PASS\nauditor: citation-auditor'))).row.detail).toBe('score is missing');
  });

  it('accepts a numeric string for min and a list for not', async () => {
    const list = { ...validation, checks: { status: { not: ['FAIL', 'BLOCKED'] }, score: { min: 8 } } };
    expect((await checkOne(list, audit('status: BLOCKED\nscore: "9"'))).row.passed).toBe(false);
    expect((await checkOne(list, audit('status: PASS\nscore: "9"'))).row.passed).toBe(true);
  });

  it('malformed or absent front matter is a failed row with a clear detail, not a crash', async () => {
    const broken = await checkOne(validation, audit('status: [unclosed\nscore: 9'));
    expect(broken.row.passed).toBe(false);
    expect(broken.row.detail).toMatch(/^front matter is not valid YAML/);
    const none = await checkOne(validation, { 'audits/CITATION-AUDIT.md': '# Audit\nstatus: PASS' });
    expect(none.row.detail).toMatch(/^no front matter/);
    const unclosed = await checkOne(validation, { 'audits/CITATION-AUDIT.md': '---\nstatus: PASS\n# Audit' });
    expect(unclosed.row.detail).toMatch(/not closed/);
    const scalar = await checkOne(validation, audit('just text'));
    expect(scalar.row.detail).toMatch(/not a YAML mapping/);
  });
});

describe('regex_match', () => {
  const validation = { type: 'regex_match', target: '{artifact_path}/essay.html', regex: '^<section id="sources">' };

  it('uses multiline mode: ^ matches at any line start', async () => {
    const { row } = await checkOne(validation, { 'essay.html': '<main>\n<section id="sources">' });
    expect(row.passed).toBe(true);
    expect(row.detail).toContain('line 2');
    expect((await checkOne(validation, { 'essay.html': '<main><section id="sources">' })).row.passed).toBe(false);
  });

  it('must_not_match fails on a match', async () => {
    const emoji = { type: 'regex_match', target: 'essay.html', regex: '\\uD83C[\\uDF00-\\uDFFF]', must_not_match: true };
    expect((await checkOne(emoji, { 'essay.html': 'plain text' })).row.passed).toBe(true);
    const { row } = await checkOne(emoji, { 'essay.html': 'fun 🎉 text' });
    expect(row.passed).toBe(false);
    expect(row.detail).toContain('forbidden pattern');
  });

  it('compiles with flags gm exactly: Unicode-only syntax is a contract error, as in Esy', async () => {
    const unicode = await checkOne({ ...validation, regex: '[\\u{1F300}-\\u{1F9FF}]' }, { 'essay.html': 'x' });
    expect(unicode.row.code).toBe('CONTRACT_ERROR');
    const dotAll = await checkOne({ ...validation, regex: 'a.b' }, { 'essay.html': 'a\nb' });
    expect(dotAll.row.passed).toBe(false);
  });

  it('an invalid regex is a CONTRACT_ERROR row, not a crash', async () => {
    const { row, outcome, failCodes } = await checkOne({ ...validation, regex: '([a-z', severity: 'warning' }, { 'essay.html': 'x' });
    expect(row.passed).toBe(false);
    expect(row.code).toBe('CONTRACT_ERROR');
    expect(row.detail).toContain('invalid regex');
    expect(outcome).toBe('fail');
    expect(failCodes).toEqual(['CONTRACT_ERROR']);
  });

  it('a missing file fails', async () => {
    expect((await checkOne(validation, {})).row.passed).toBe(false);
  });
});

describe('min_regex_count', () => {
  const validation = { type: 'min_regex_count', target: '{artifact_path}/essay.html', regex: '<figure[\\s>]', min_count: 3 };

  it('counts global matches against min_count', async () => {
    expect((await checkOne(validation, { 'essay.html': '<figure>\n<figure class="a">\n<figure>' })).row.passed).toBe(true);
    const { row } = await checkOne(validation, { 'essay.html': '<figure>\n<figcaption>' });
    expect(row.passed).toBe(false);
    expect(row.detail).toContain('1 match of');
  });

  it('an invalid regex is a contract error', async () => {
    expect((await checkOne({ ...validation, regex: '*' }, { 'essay.html': '' })).row.code).toBe('CONTRACT_ERROR');
  });
});

describe('template variables', () => {
  it('{client_component} is the first *Client.tsx|jsx directly in the artifact folder', async () => {
    const files = { 'essay/components/AClient.tsx': 'deep', 'essay/RobotClient.jsx': 'import x from "./images"', 'essay/page.tsx': '' };
    const { row } = await checkOne({ type: 'contains_text', target: '{client_component}', patterns: ['./images'] }, files, { artifactPath: 'essay' });
    expect(row.passed).toBe(true);
    expect(row.target).toBe('essay/RobotClient.jsx');
  });

  it('never takes a client component from a sub-folder; the first existing any_of output stands in', async () => {
    const files = { 'components/DeepClient.tsx': 'deep', 'page.tsx': 'the page' };
    const check = { type: 'contains_text', target: '{client_component}', patterns: ['the page'] };
    const missing = await checkOne(check, files);
    expect(missing.row.passed).toBe(false);
    expect(missing.row.detail).toContain('no *Client.tsx or *Client.jsx directly in the workspace root');
    const contract = { required_outputs: { any_of: [{ path: 'Missing.tsx' }, { path: 'page.tsx' }] } };
    const standIn = await checkOne(check, files, {}, contract);
    expect(standIn.row.passed).toBe(true);
    expect(standIn.row.target).toBe('page.tsx');
  });

  it('substitutes variables in text values (patterns, pattern) and leaves other braces alone', async () => {
    const registry = { 'src/data/visualEssays.ts': "export const essays = [{ slug: 'the-word-robot', render: ({children}) => children }];" };
    const found = { type: 'contains_text', target: 'src/data/visualEssays.ts', patterns: ["'{slug}'", '({children})'] };
    expect((await checkOne(found, registry, { slug: 'the-word-robot' })).row.passed).toBe(true);
    const other = await checkOne(found, registry, { slug: 'the-word-robot-2' });
    expect(other.row.detail).toContain(`missing text "'the-word-robot-2'"`);
    const forbidden = { type: 'not_contains', target: 'src/data/visualEssays.ts', pattern: 'draft-{depth}' };
    expect((await checkOne(forbidden, { 'src/data/visualEssays.ts': 'draft-deep' }, { depth: 'deep' })).row.passed).toBe(false);
    expect((await checkOne(forbidden, { 'src/data/visualEssays.ts': 'draft-deep' })).row.passed).toBe(true);
  });

  it('{depth} resolves to the run depth; an unknown variable is a contract error', async () => {
    expect((await checkOne({ type: 'file_exists', target: 'notes/{depth}.md' }, { 'notes/deep.md': '' }, { depth: 'deep' })).row.passed).toBe(true);
    const { row } = await checkOne({ type: 'contains_text', target: '{artifact_dir}/x.md', patterns: ['x'] }, {});
    expect(row.code).toBe('CONTRACT_ERROR');
    expect(row.detail).toContain('{artifact_dir}');
  });
});

describe('viz_tech_match', () => {
  const validation = { type: 'viz_tech_match', metadata_source: '{artifact_path}/design/VIZ-DECISION.md', implementation_target: '{artifact_path}/essay.html' };
  const meta = (libraries: string[]) => ({ 'design/VIZ-DECISION.md': `---\nlibraries: [${libraries.join(', ')}]\n---\n# Decision\n` });
  const d3Essay = `<script src="https://cdn.jsdelivr.net/npm/d3@7"></script><script>d3.select('#chart').append('svg');</script>`;

  it('passes when each claimed library is imported and rendered', async () => {
    const { row } = await checkOne(validation, { ...meta(['d3', 'svg']), 'essay.html': d3Essay });
    expect(row.passed).toBe(true);
    expect(row.detail).toContain('2 claimed libraries imported and rendered');
  });

  it('fails when a claimed library is imported but never rendered, or never imported', async () => {
    const importedOnly = await checkOne(validation, { ...meta(['d3']), 'essay.html': '<script src="https://cdn.jsdelivr.net/npm/d3@7"></script>' });
    expect(importedOnly.row.passed).toBe(false);
    expect(importedOnly.row.detail).toContain('"d3" (D3) is not rendered');
    const notImported = await checkOne(validation, { ...meta(['Three.js']), 'essay.html': '<script>const r = new THREE.WebGLRenderer(); r.render(s, c);</script>' });
    expect(notImported.row.detail).toContain('is not imported');
  });

  it('scans code files beside the implementation target', async () => {
    const files = {
      ...meta(['Chart.js']),
      'essay.html': '<canvas id="c"></canvas><script src="chart.umd.min.js"></script><script src="charts.js"></script>',
      'charts.js': "new Chart(document.getElementById('c'), {});",
    };
    expect((await checkOne(validation, files)).row.passed).toBe(true);
  });

  it('reads Esy ESSAY_META visualizations from source, JSON metadata and HTML meta tags', async () => {
    const esy = {
      'page.tsx': "export const ESSAY_META = { visualizations: [{ title: 'Map', type: 'React Three Fiber' }] };",
      'RobotClient.tsx': "import { Canvas } from '@react-three/fiber';\nexport default () => <Canvas />;",
    };
    expect((await checkOne({ type: 'viz_tech_match', metadata_source: 'page.tsx', implementation_target: '{client_component}' }, esy)).row.passed).toBe(true);
    const json = { 'meta.json': JSON.stringify({ visualizations: [{ name: 'Timeline', library: 'd3' }] }), 'essay.html': d3Essay };
    expect((await checkOne({ ...validation, metadata_source: 'meta.json' }, json)).row.passed).toBe(true);
    const html = { 'essay.html': `<meta name="visualization-libraries" content="canvas">${'<canvas id="x"></canvas><script>x.getContext("2d")</script>'}` };
    expect((await checkOne({ ...validation, metadata_source: 'essay.html' }, html)).row.passed).toBe(true);
  });

  it('a page that declares no visualizations passes, as in Esy; unknown claims pass with a note', async () => {
    const nothing = await checkOne(validation, { 'design/VIZ-DECISION.md': '# Decision\nWe will use charts.', 'essay.html': d3Essay });
    expect(nothing.row.passed).toBe(true);
    expect(nothing.row.detail).toContain('declares no visualizations');
    const unknown = await checkOne(validation, { ...meta(['HandDrawnMagic']), 'essay.html': d3Essay });
    expect(unknown.row.passed).toBe(true);
    expect(unknown.row.detail).toContain('not checkable: "HandDrawnMagic"');
  });

  it('a missing metadata source fails', async () => {
    expect((await checkOne(validation, { 'essay.html': d3Essay })).row.passed).toBe(false);
  });
});

describe('pre_scripts and outcome', () => {
  it('pre_scripts are reported skipped (passed) without a runner', async () => {
    const result = await validateFiles({ pre_scripts: [{ path: 'scripts/setup.mjs', args: ['--slug', '{slug}'] }] }, {});
    expect(result.results).toEqual([
      { type: 'pre_script', target: 'scripts/setup.mjs', severity: 'warning', passed: true, skipped: true, detail: 'skipped: pre_scripts run only in the local CLI' },
    ]);
    expect(result.outcome).toBe('pass');
    expect(result.summary.skipped).toBe(1);
  });

  it('a runner receives substituted args; a failing script is a warning and validation goes on', async () => {
    const calls: unknown[] = [];
    const result = await validateFiles(
      { pre_scripts: [{ path: 's.mjs', args: ['{artifact_path}', '{slug}', '{depth}'] }], validations: [{ type: 'contains_text', target: 'essays/robot/a.md', patterns: ['ok'] }] },
      { 'essays/robot/a.md': 'ok' },
      { artifactPath: 'essays/robot', depth: 'deep', runPreScript: async (script) => (calls.push(script), { ok: false, detail: 'exit 3' }) },
    );
    expect(calls).toEqual([{ path: 's.mjs', args: ['essays/robot', 'robot', 'deep'] }]);
    expect(result.outcome).toBe('warn');
    expect(result.results.map((row) => [row.type, row.passed, row.severity])).toEqual([
      ['pre_script', false, 'warning'],
      ['contains_text', true, 'error'],
    ]);
  });

  it('mixes codes in first-seen order and counts rows', async () => {
    const result = await validateFiles(
      {
        required_outputs: { all_of: [{ path: 'a.md' }] },
        validations: [
          { type: 'contains_headings', target: 'b.md', required_headings: ['x'] },
          { type: 'contains_text', target: 'b.md', patterns: ['nope'], severity: 'warning' },
          { type: 'contains_text', target: 'b.md', patterns: ['# y'] },
        ],
      },
      { 'b.md': '# y' },
    );
    expect(result.failCodes).toEqual(['MISSING_ARTIFACT', 'HEADING_MISMATCH']);
    expect(result.summary).toEqual({ total: 4, passed: 1, failed: 2, warnings: 1, skipped: 0 });
  });
});

describe('local_assets (project extension: the page opens offline)', () => {
  const check = { type: 'local_assets', target: '{artifact_path}/essay/index.html' };
  const page = (head: string, body = '') => `<!DOCTYPE html><html><head>${head}</head><body>${body}<a href="https://example.org/source">a source</a></body></html>`;

  it('fails a page that loads d3 from a CDN, naming the URL', async () => {
    const { row } = await checkOne(check, { 'essay/index.html': page('<script src="https://cdn.jsdelivr.net/npm/d3@7"></script>') });
    expect(row.passed).toBe(false);
    expect(row.detail).toBe('<script src> loads https://cdn.jsdelivr.net/npm/d3@7 from the network');
  });

  it('fails protocol-relative URLs, stylesheets, import maps and ES imports from the network', async () => {
    const head =
      '<link rel="stylesheet" href="//unpkg.com/leaflet.css">' +
      '<script type="importmap">{ "imports": { "three": "https://cdn.example/three.module.js" } }</script>' +
      '<script type="module">import * as d3 from "https://cdn.example/d3.js";</script>';
    const { row } = await checkOne(check, { 'essay/index.html': page(head) });
    expect(row.passed).toBe(false);
    expect(row.detail).toContain('<link href> loads //unpkg.com/leaflet.css');
    expect(row.detail).toContain('import map loads https://cdn.example/three.module.js');
    expect(row.detail).toContain('import loads https://cdn.example/d3.js');
  });

  it('passes a library vendored inside the package, and ignores links a reader clicks', async () => {
    const { row } = await checkOne(check, {
      'essay/index.html': page('<script src="vendor/d3.min.js"></script><link rel="canonical" href="https://example.org/essay">', '<img src="./img/map.png" alt="">'),
      'essay/vendor/d3.min.js': '/* d3 */',
      'essay/img/map.png': 'png',
    });
    expect(row.passed).toBe(true);
    expect(row.detail).toBe('loads nothing from the network (2 local files loaded, all present)');
  });

  it('fails a local reference to a file the package does not hold, or one outside it', async () => {
    const { row } = await checkOne(check, { 'essay/index.html': page('<script src="vendor/d3.min.js"></script><script src="../../outside.js"></script>') });
    expect(row.passed).toBe(false);
    expect(row.detail).toBe('<script src> vendor/d3.min.js is not a file in the package; <script src> ../../outside.js is not a file in the package');
  });
});
