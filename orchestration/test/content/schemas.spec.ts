import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parseContract, VALIDATION_TYPES } from '../../core/content/contract-schema';
import { parseAgentMarkdown } from '../../core/content/markdown-schemas';
import { OrchestrationLoadError } from '../../core/content/parse-issues';
import { parseWorkflow } from '../../core/content/workflow-schema';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OrchestrationLoadError);
    return (error as Error).message;
  }
  throw new Error('expected an OrchestrationLoadError');
}

describe('parseContract', () => {
  it('loads an Esy-format contract unchanged, keeping fields it does not use', () => {
    const text = readFileSync(nodePath.join(__dirname, '../fixtures/esy-format/G5.contract.json'), 'utf8');
    const contract = parseContract(text, 'G5.contract.json');
    const types = contract.validations.map((validation) => validation.type);
    // Every Esy type but min_sources (it appears as min_sources_any_of) is in the file; local_assets is ours.
    expect(new Set(types)).toEqual(new Set(VALIDATION_TYPES.filter((type) => type !== 'min_sources' && type !== 'local_assets')));
    expect(contract).toMatchObject({ notes: 'Authors explain their choices here.', recommended_files: { description: 'Not gate-blocking.' } });
    expect(contract.validations[3]).toMatchObject({ heuristic: 'count_source_headings_or_urls' });
    // Defaults: severity error, missing_ok false, pattern '*', inject SKILL.md.
    expect(contract.validations[0].severity).toBe('error');
    expect(contract.validations[6]).toMatchObject({ severity: 'warning', missing_ok: true });
  });

  it('applies defaults for what a minimal contract leaves out', () => {
    const contract = parseContract({ gate: 'G1', validations: [{ type: 'not_contains', target: 'a.md', pattern: 'x' }] }, 'G1.contract.json');
    expect(contract).toMatchObject({
      blocking: true,
      required_outputs: { all_of: [], any_of: [] },
      required_skills: [],
      pre_scripts: [],
      validations: [{ type: 'not_contains', severity: 'error', missing_ok: false }],
    });
  });

  it('lists every problem with the file and the field', () => {
    const message = messageOf(() =>
      parseContract(
        {
          gate: 'G2',
          required_outputs: { all_of: [{ description: 'no path' }] },
          validations: [
            { type: 'min_sources', target: 'a.md', thresholds: { quick: 1, standard: 2, deep: 3 } },
            { type: 'min_sources', target: 'a.md', thresholds: { quick: 1, standard: 'two' } },
            { type: 'colour_check', target: 'a.md' },
            { type: 'regex_match', target: 'a.md' },
            { type: 'contains_text', patterns: ['x'] },
            { type: 'frontmatter_status', target: 'a.md', checks: { status: { equals: 'PASS' } } },
            { type: 'url_reachable', target: 'a.md', max_failures: -1 },
            { type: 'contains_headings', target: 'a.md', required_headings: [] },
            { type: 'not_contains', target: 'a.md', pattern: 'x', severity: 'fatal' },
            'file_exists',
          ],
        },
        'gates/contracts/G2.contract.json',
      ),
    );
    const lines = message.split('\n').slice(1).map((line) => line.trim());
    expect(lines).toEqual([
      'gates/contracts/G2.contract.json: required_outputs.all_of[0].path: missing (expected string)',
      'gates/contracts/G2.contract.json: validations[1].thresholds: expected object with quick/standard/deep numbers',
      expect.stringMatching(/^gates\/contracts\/G2\.contract\.json: validations\[2\]\.type: expected one of file_exists, dir_exists, .* \(got "colour_check"\)$/),
      'gates/contracts/G2.contract.json: validations[3].regex: missing (expected string)',
      'gates/contracts/G2.contract.json: validations[4].target: missing (expected a path, or `targets` with a list of paths)',
      'gates/contracts/G2.contract.json: validations[5].checks.status: expected a value, {not: value} or {min: number}',
      'gates/contracts/G2.contract.json: validations[6].max_failures: expected a value >= 0',
      'gates/contracts/G2.contract.json: validations[7].required_headings: expected at least 1 item',
      'gates/contracts/G2.contract.json: validations[8].severity: expected one of "error", "warning" (got "fatal")',
      'gates/contracts/G2.contract.json: validations[9]: expected an object with a `type`',
    ]);
    expect(message).toMatch(/^10 problems in orchestration content:/);
  });

  it('reports JSON syntax errors', () => {
    expect(messageOf(() => parseContract('{ "gate": ', 'x.contract.json'))).toContain('x.contract.json: not valid JSON');
  });
});

const workflowBase = {
  workflow: 'demo',
  version: '1.0.0',
  name: 'Demo',
  description: 'A demo workflow',
  type: 'visual-essay',
  modes: ['historical'],
  gates: [{ gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake-orchestrator' }],
};

describe('parseWorkflow', () => {
  it('parses with defaults', () => {
    const workflow = parseWorkflow(workflowBase, 'workflows/demo.json');
    expect(workflow).toMatchObject({ depth: 'standard', featured: false, intent_schema: [], qa_config: { max_attempts: 3, network_checks: false } });
    expect(workflow.gates[0]).toMatchObject({ profiles: {}, inputs: [], outputs: [] });
  });

  it('names each broken field', () => {
    const message = messageOf(() =>
      parseWorkflow(
        {
          ...workflowBase,
          version: 'one',
          default_mode: 'poetic',
          intent_schema: [
            { key: 'angle', label: 'Angle', type: 'enum' },
            { key: 'angle', label: 'Again', type: 'string', pattern: '(' },
          ],
          gates: [
            { gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake', parallel_agents: [{ agent: 'x', role: 'y' }] },
            { gate: 'G2', name: 'Research', phase: 'research', agent: 'r', condition: "mode = 'x'", profiles: { poetic: 'research/historical' } },
            { gate: 'G2', name: 'Again', phase: 'dreaming', agent: 'r' },
          ],
        },
        'workflows/demo.json',
      ),
    );
    expect(message).toContain('workflows/demo.json: version: expected a semantic version such as "1.0.0"');
    expect(message).toContain('workflows/demo.json: intent_schema[0].options: missing (an enum field needs options [{value, label}])');
    expect(message).toContain('workflows/demo.json: intent_schema[1].pattern: not a valid regular expression');
    expect(message).toContain('workflows/demo.json: gates[0].agent: expected exactly one of `agent` or `parallel_agents`');
    expect(message).toContain('workflows/demo.json: gates[2].phase: expected one of');
  });

  it('checks cross-field rules once the shape is right', () => {
    const message = messageOf(() =>
      parseWorkflow(
        {
          ...workflowBase,
          default_mode: 'poetic',
          gates: [
            { gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake' },
            { gate: 'G1', name: 'Research', phase: 'research', agent: 'r', condition: "mode = 'x'", profiles: { poetic: 'research/historical' } },
          ],
        },
        'workflows/demo.json',
      ),
    );
    expect(message).toContain('workflows/demo.json: default_mode: expected one of modes (historical), got "poetic"');
    expect(message).toContain('workflows/demo.json: gates[1].gate: duplicate gate id "G1"');
    expect(message).toContain(`workflows/demo.json: gates[1].condition: gate G1: syntax error at column 6: '=' is not an operator; use '==' to compare in "mode = 'x'"`);
    expect(message).toContain('workflows/demo.json: gates[1].profiles.poetic: "poetic" is not one of the workflow\'s modes (historical)');
  });
});

const agentBody = `# Research Historian\n\n${'You find and weigh primary sources. '.repeat(10)}`;

describe('parseAgentMarkdown', () => {
  it('reads front matter and body, defaulting tools', () => {
    const agent = parseAgentMarkdown(
      `---\nslug: research-historian\nname: Research Historian\ncategory: research\nrole: Finds sources.\ntier: top\ncapabilities: [sources]\n---\n${agentBody}`,
      'agents/research/research-historian.md',
    );
    expect(agent).toMatchObject({ slug: 'research-historian', tier: 'top', tools: ['list_directory', 'read_file', 'write_file'], file: 'agents/research/research-historian.md' });
    expect(agent.body.startsWith('# Research Historian')).toBe(true);
  });

  it('names broken fields and broken YAML', () => {
    const message = messageOf(() =>
      parseAgentMarkdown(`---\nslug: Research Historian\nname: X\ncategory: wizards\nrole: r\ntier: ultra\nmax_tool_rounds: 0\n---\nshort`, 'agents/research/x.md'),
    );
    expect(message).toContain('agents/research/x.md: slug: expected a lowercase slug');
    expect(message).toContain('agents/research/x.md: category: expected one of "orchestrators"');
    expect(message).toContain('agents/research/x.md: tier: expected one of "top", "mid", "low" (got "ultra")');
    expect(message).toContain('agents/research/x.md: max_tool_rounds: expected a value >= 1');
    expect(message).toContain('agents/research/x.md: body: expected a system prompt of at least 200 characters');
    expect(messageOf(() => parseAgentMarkdown('---\nslug: [x\n---\nbody', 'agents/a/b.md'))).toContain('agents/a/b.md: front matter: not valid YAML');
  });
});
