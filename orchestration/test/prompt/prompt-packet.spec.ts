import { parseContract } from '../../core/content/contract-schema';
import type { InjectedSkill } from '../../core/content/loader';
import { parseWorkflow } from '../../core/content/workflow-schema';
import { buildPromptPacket, type PromptPacketInput } from '../../core/prompt/build-prompt-packet';
import { estimateTokens } from '../../core/prompt/tokens';

const contract = parseContract(
  {
    gate: 'G5',
    name: 'Content Complete',
    description: 'The essay is written and renders its visualizations.',
    required_outputs: {
      all_of: [
        { path: '{artifact_path}/{slug}.html', description: 'The essay' },
        { path: '{artifact_path}/notes.md', required: false },
      ],
      any_of: [{ path: '{artifact_path}/research/CITATIONS.md' }, { path: '{artifact_path}/research/CLAIMS.md' }],
    },
    validations: [
      { type: 'file_exists', target: 'all_required' },
      { type: 'min_sources', target: '{artifact_path}/research/CITATIONS.md', thresholds: { quick: 3, standard: 8, deep: 15 } },
      { type: 'contains_headings', target: '{artifact_path}/{slug}.html', required_headings: ['Sources'] },
      { type: 'not_contains', target: '{artifact_path}/{slug}.html', pattern: 'delve', severity: 'warning', description: 'AI-slop words' },
      { type: 'frontmatter_status', target: 'audits/AUDIT.md', checks: { status: { not: 'FAIL' }, score: { min: 8 } } },
      { type: 'regex_match', target: '{client_component}', regex: '[😀]', must_not_match: true },
      { type: 'url_reachable', target: '{artifact_path}/research/CITATIONS.md' },
      { type: 'viz_tech_match', metadata_source: 'design/VIZ.md', implementation_target: '{artifact_path}/{slug}.html' },
    ],
  },
  'G5.contract.json',
);

const workflow = parseWorkflow(
  {
    workflow: 'demo',
    version: '1.0.0',
    name: 'Demo',
    description: 'Demo',
    type: 'visual-essay',
    modes: ['historical'],
    gates: [
      {
        gate: 'G5',
        name: 'Content Complete',
        phase: 'production',
        parallel_agents: [
          { agent: 'essay-writer', role: 'writes the prose' },
          { agent: 'viz-architect', role: 'builds the charts' },
        ],
        inputs: ['spec/SPEC.md'],
        outputs: ['robot.html', 'viz/charts.js'],
        instructions: 'Write the essay from the approved spec.',
      },
    ],
  },
  'workflows/demo.json',
);

const skill: InjectedSkill = {
  skill: { name: 'citations', title: 'Citation Style', description: 'How to cite.', body: 'body', file: 'skills/citations/SKILL.md', files: {} },
  reason: 'Every claim needs a source.',
  files: [{ path: 'SKILL.md', content: '# Citation Style\nNumber every source.' }],
};

function input(overrides: Partial<PromptPacketInput> = {}): PromptPacketInput {
  return {
    agent: { slug: 'essay-writer', name: 'Essay Writer', role: 'Writes the essay prose.', body: '# Essay Writer\nYou write clear prose.' },
    workflowGate: workflow.gates[0],
    contract,
    profiles: [{ id: 'research/historical', name: 'Historical', body: 'Use primary sources.' }],
    skills: [skill],
    intent: { word: 'robot', angle: 'etymology', audience: 'general' },
    mode: 'historical',
    depth: 'standard',
    workspaceFiles: ['spec/SPEC.md', 'research/CITATIONS.md'],
    priorGates: [{ gate: 'G4', name: 'Design Research', status: 'passed', outputs: ['design/DESIGN.md'] }],
    role: 'writes the prose',
    slug: 'robot',
    ...overrides,
  };
}

describe('buildPromptPacket', () => {
  const packet = buildPromptPacket(input());

  it('orders sections: agent, profiles, skills in the system prompt; the task in the user prompt', () => {
    expect(packet.sections.map((section) => section.kind)).toEqual(['agent', 'profile', 'skill', 'instructions', 'required_outputs', 'checks', 'context']);
    expect(packet.system).toContain('You write clear prose.');
    expect(packet.system).toContain('Use primary sources.');
    expect(packet.system).toContain('Number every source.');
    expect(packet.system).toContain('Why this gate needs it: Every claim needs a source.');
    expect(packet.user).not.toContain('You write clear prose.');
  });

  it('is deterministic: the same input gives byte-identical output, whatever the key order', () => {
    const again = buildPromptPacket(input({ intent: { audience: 'general', angle: 'etymology', word: 'robot' }, workspaceFiles: ['research/CITATIONS.md', 'spec/SPEC.md'] }));
    expect(JSON.stringify(again)).toBe(JSON.stringify(packet));
  });

  it('states the role, the parallel agents, intent, mode and depth', () => {
    const instructions = packet.sections.find((section) => section.kind === 'instructions')!.content;
    expect(instructions).toContain('Your role at this gate: writes the prose.');
    expect(instructions).toContain('viz-architect (builds the charts)');
    expect(instructions).toContain('- angle: etymology\n- audience: general\n- word: robot');
    expect(instructions).toContain('Mode: historical. Depth: standard.');
    expect(instructions).toContain('Write the essay from the approved spec.');
    expect(instructions).toContain('Read first: `spec/SPEC.md`.');
  });

  it('lists required outputs with template variables resolved', () => {
    const outputs = packet.sections.find((section) => section.kind === 'required_outputs')!.content;
    expect(outputs).toContain('- `robot.html` — The essay');
    expect(outputs).toContain('At least one of these must exist:\n- `research/CITATIONS.md`\n- `research/CLAIMS.md`');
    expect(outputs).toContain('Optional:\n- `notes.md`');
    expect(outputs).toContain('This gate is also expected to produce:\n- `viz/charts.js`');
    expect(outputs).not.toContain('{slug}');
  });

  it('describes each check in plain words, with depth thresholds and severities', () => {
    const checks = packet.sections.find((section) => section.kind === 'checks')!.content;
    expect(checks).toContain('1. Every required output listed above exists.');
    expect(checks).toContain('2. `research/CITATIONS.md` lists at least 8 sources (standard depth)');
    expect(checks).toContain('3. `robot.html` contains each of "Sources" exactly as written (case-sensitive');
    expect(checks).toContain('4. `robot.html` does not contain the text "delve" (and the file must exist). (warning: reported, does not fail the gate) Why: AI-slop words');
    expect(checks).toContain('5. `audits/AUDIT.md` starts with YAML front matter (between `---` lines) where status is not "FAIL", score is a number of at least 8.');
    expect(checks).toContain('`<Name>Client.tsx` has no match for the regular expression /[😀]/.');
    expect(checks).toContain('URL checks are off for this run');
    expect(checks).not.toContain('{artifact_path}');
    const deep = buildPromptPacket(input({ depth: 'deep' })).sections.find((section) => section.kind === 'checks')!.content;
    expect(deep).toContain('at least 15 sources (deep depth)');
  });

  it('lists the workspace and prior gates', () => {
    const context = packet.sections.find((section) => section.kind === 'context')!.content;
    expect(context).toBe(
      'Files in the workspace (2):\n- research/CITATIONS.md\n- spec/SPEC.md\n\nPrior gates:\n- G4 Design Research — passed: design/DESIGN.md',
    );
    expect(buildPromptPacket(input({ workspaceFiles: [] })).sections.find((section) => section.kind === 'context')!.content).toMatch(/^The workspace is empty\./);
  });

  it('reports tokens per section and in total', () => {
    for (const section of packet.sections) expect(section.tokens).toBe(estimateTokens(`## ${section.title}\n\n${section.content}`));
    expect(packet.totalTokens).toBe(packet.sections.reduce((sum, section) => sum + section.tokens, 0));
    expect(packet.totalTokens).toBeGreaterThan(200);
  });
});

describe('estimateTokens', () => {
  it('counts four ASCII characters per token and other characters one each', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('日本語')).toBe(3);
    expect(estimateTokens('ab😀')).toBe(2);
  });
});
