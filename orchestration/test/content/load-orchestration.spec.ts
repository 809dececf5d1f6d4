import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { loadOrchestration, skillsForContract, profilesForGate, contractForGate } from '../../core/content/loader';
import { OrchestrationLoadError } from '../../core/content/parse-issues';
import { editJson, editText, minimalTree, writeTree, agentFile } from '../support/content-tree';

function loadError(root: string): string[] {
  try {
    loadOrchestration(root);
  } catch (error) {
    expect(error).toBeInstanceOf(OrchestrationLoadError);
    return (error as OrchestrationLoadError).issues.map((issue) => `${issue.file}: ${issue.field}: ${issue.message}`);
  }
  throw new Error('expected the tree to fail loading');
}

describe('loadOrchestration on a small tree', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(nodePath.join(tmpdir(), 'esy-tree-'));
    writeTree(root, minimalTree());
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('loads every kind into maps keyed as documented', () => {
    const catalog = loadOrchestration(root);
    expect([...catalog.agents.keys()].sort()).toEqual(['researcher', 'writer']);
    expect([...catalog.contracts.keys()]).toEqual(['R1', 'R2']);
    expect([...catalog.workflows.keys()]).toEqual(['demo-brief']);
    expect([...catalog.profiles.keys()]).toEqual(['design/editorial', 'research/historical']);
    expect(catalog.profiles.get('design/editorial')).toMatchObject({ kind: 'design', name: 'editorial' });
    expect(catalog.skills.get('citing')!.files).toEqual({ 'SKILL.md': expect.any(String), 'references/styles.md': 'Chicago style.\n' });
    const workflow = catalog.workflows.get('demo-brief')!;
    expect(contractForGate(catalog, workflow.gates[0])!.gate).toBe('R1');
    expect(profilesForGate(catalog, workflow.gates[1], 'data-journalism').map((profile) => profile.id)).toEqual(['research/historical', 'design/editorial']);
    expect(profilesForGate(catalog, workflow.gates[1], 'historical')).toEqual([]);
    expect(skillsForContract(catalog, catalog.contracts.get('R1')!)[0].files.map((file) => file.path)).toEqual(['SKILL.md', 'references/styles.md']);
  });

  it('a workflow naming an unknown agent is reported with the file and field', () => {
    editJson(root, 'workflows/demo-brief.json', (workflow) => {
      workflow.gates[0].agent = 'foo';
    });
    expect(loadError(root)).toEqual(['workflows/demo-brief.json: gates[0].agent: unknown agent "foo" (expected one of agents/*/*.md slugs)']);
  });

  it('collects every problem across files instead of stopping at the first', () => {
    editJson(root, 'workflows/demo-brief.json', (workflow) => {
      workflow.gates[1].parallel_agents[1].agent = 'ghost';
      workflow.gates[1].profiles['data-journalism'] = ['research/missing'];
      workflow.gates[0].contract = 'R7';
      workflow.gates[0].model = 'gpt-99';
    });
    editJson(root, 'gates/contracts/R2.contract.json', (contract) => {
      contract.validations[0].regex = '([';
    });
    editText(root, 'agents/content/writer.md', (text) => text.replace('tier: top', 'tier: ultra'));
    expect(loadError(root)).toEqual([
      'agents/content/writer.md: tier: expected one of "top", "mid", "low" (got "ultra")',
      'gates/contracts/R2.contract.json: validations[0].regex: not a valid regular expression: Invalid regular expression: /([/gm: Unterminated character class',
      'workflows/demo-brief.json: gates[0].contract: no contract gates/contracts/R7.contract.json',
      expect.stringMatching(/^workflows\/demo-brief\.json: gates\[0\]\.model: unknown model "gpt-99" \(expected one of claude-opus-4, /),
      'workflows/demo-brief.json: gates[1].parallel_agents[1].agent: unknown agent "ghost" (expected one of agents/*/*.md slugs)',
      'workflows/demo-brief.json: gates[1].profiles.data-journalism: unknown profile "research/missing" (expected profiles/research/missing.md)',
    ]);
  });

  it('agent slug must equal the file name and category the folder', () => {
    writeTree(root, { 'agents/research/scout.md': agentFile('scouting', 'content') });
    expect(loadError(root)).toEqual([
      'agents/research/scout.md: slug: expected "scout" (the file name), got "scouting"',
      'agents/research/scout.md: category: expected "research" (the folder), got "content"',
    ]);
  });

  it('unknown agent category folders and stray files are reported', () => {
    writeTree(root, { 'agents/wizards/merlin.md': agentFile('merlin', 'research'), 'gates/contracts/notes.txt': 'x', 'workflows/draft.yaml': 'x' });
    expect(loadError(root)).toEqual([
      'agents/wizards: : unknown category folder; expected one of orchestrators, research, content, engineering, auditors, utilities',
      'gates/contracts/notes.txt: : expected <GATE>.contract.json',
      'workflows/draft.yaml: : expected a workflow definition <slug>.json',
    ]);
  });

  it('a contract id must match its file name; required skills and injected files must exist', () => {
    editJson(root, 'gates/contracts/R2.contract.json', (contract) => {
      contract.gate = 'R3';
    });
    editJson(root, 'gates/contracts/R1.contract.json', (contract) => {
      contract.required_skills.push({ path: 'skills/absent', inject: ['SKILL.md'] });
      contract.required_skills[0].inject.push('references/none.md');
    });
    expect(loadError(root)).toEqual([
      'gates/contracts/R2.contract.json: gate: expected "R2" (the file name), got "R3"',
      'gates/contracts/R1.contract.json: required_skills[0].inject[2]: skills/citing/references/none.md does not exist',
      'gates/contracts/R1.contract.json: required_skills[1].path: no skill at "skills/absent" (expected skills/<name> with a SKILL.md)',
    ]);
  });

  it('profiles and skills are checked too; references to a broken file are not reported twice', () => {
    writeTree(root, {
      'profiles/research/historical.md': '---\nkind: design\n---\nText\n',
      'skills/citing/SKILL.md': '---\nname: Citing\n---\nBody\n',
    });
    unlinkSync(nodePath.join(root, 'profiles/design/editorial.md'));
    expect(loadError(root)).toEqual([
      'profiles/research/historical.md: kind: expected "research" (the folder it is in), got "design"',
      'skills/citing/SKILL.md: description: missing (expected string)',
      'workflows/demo-brief.json: gates[1].profiles.data-journalism: unknown profile "design/editorial" (expected profiles/design/editorial.md)',
    ]);
  });

  it('the error message lists one line per problem', () => {
    editJson(root, 'workflows/demo-brief.json', (workflow) => {
      workflow.gates[0].agent = 'foo';
      workflow.gates[0].condition = 'mode ==';
    });
    expect(() => loadOrchestration(root)).toThrow(
      /^1 problem in orchestration content:\n {2}workflows\/demo-brief\.json: gates\[0\]\.condition: gate R1: syntax error at column 8: expression ends too early in "mode =="$/,
    );
  });
});
