import { readdirSync, rmSync } from 'node:fs';
import * as nodePath from 'node:path';
import { loadOrchestration, ORCHESTRATION_ROOT, unguaranteedFormats, workflowReferenceIssues, type OrchestrationCatalog } from '../../core/content/loader';
import { OrchestrationLoadError } from '../../core/content/parse-issues';
import { computeCostProfile } from '../../core/content/cost-profile';
import { BUILT_IN_MODELS, DEFAULT_MODEL_BY_TIER } from '../../core/models/catalog';
import { copyContent, editJson, editText } from '../support/content-tree';

/** Every file under orchestration/ loads, and the built-in content has the shape issue 3 asks for. */
describe('built-in orchestration content', () => {
  let catalog: OrchestrationCatalog;
  beforeAll(() => {
    catalog = loadOrchestration();
  });

  it('loads without a single problem', () => {
    expect(catalog.rootDir).toBe(ORCHESTRATION_ROOT);
  });

  it('has at least 20 agents across every category', () => {
    expect(catalog.agents.size).toBeGreaterThanOrEqual(20);
    expect(new Set([...catalog.agents.values()].map((agent) => agent.category))).toEqual(
      new Set(['orchestrators', 'research', 'content', 'engineering', 'auditors', 'utilities']),
    );
  });

  it('has the research and design profiles and skills that contracts require', () => {
    for (const id of ['research/historical', 'research/conceptual', 'research/data-journalism']) expect(catalog.profiles.has(id)).toBe(true);
    expect([...catalog.profiles.values()].some((profile) => profile.kind === 'design')).toBe(true);
    const required = new Set([...catalog.contracts.values()].flatMap((contract) => contract.required_skills.map((skill) => skill.path)));
    expect(catalog.skills.size).toBeGreaterThanOrEqual(2);
    expect(required.size).toBeGreaterThanOrEqual(2);
  });

  it('has at least four workflows, each gate with a contract, and a cost profile', () => {
    expect(catalog.workflows.size).toBeGreaterThanOrEqual(4);
    for (const workflow of catalog.workflows.values()) {
      for (const gate of workflow.gates) expect(catalog.contracts.has(gate.contract ?? gate.gate)).toBe(true);
      const cost = computeCostProfile(workflow, new Map(BUILT_IN_MODELS.map((model) => [model.id, model])), DEFAULT_MODEL_BY_TIER, catalog.agents);
      expect(Number(cost.typical_usd)).toBeGreaterThan(0);
    }
    const types = [...catalog.workflows.values()].map((workflow) => workflow.type);
    expect(types).toContain('visual-essay');
    expect(types).toContain('research');
  });

  it('visual essays follow the Esy gate sequence with G5 run by three agents in parallel', () => {
    const sequence = ['G1', 'G2', 'G3', 'G4', 'G4.1', 'G4.5', 'G4.6', 'G5', 'G5.4', 'G5.2', 'G5.3', 'G5.5', 'G6', 'G6.6', 'G7', 'G8', 'G9'];
    const essays = [...catalog.workflows.values()].filter((workflow) => workflow.type === 'visual-essay');
    expect(essays.length).toBeGreaterThanOrEqual(3);
    for (const essay of essays) {
      // G6.5 Data Integrity Audit runs only in data-journalism mode: conditional where the mode is chosen, always
      // in the data-journalism essay (whose mode is fixed; its CSV promise rests on that gate).
      const unconditional = essay.gates.filter((gate) => !gate.condition && gate.gate !== 'G6.5').map((gate) => gate.gate);
      expect(unconditional).toEqual(sequence);
      const integrity = essay.gates.find((gate) => gate.gate === 'G6.5')!;
      expect(integrity.condition === undefined ? essay.modes : ['data-journalism']).toEqual(['data-journalism']);
      expect(essay.gates.find((gate) => gate.gate === 'G5')!.parallel_agents).toHaveLength(3);
    }
    const dataJournalism = essays.filter((essay) => essay.gates.some((gate) => gate.condition?.includes('data-journalism')));
    expect(dataJournalism.length).toBeGreaterThanOrEqual(1);
  });
});

describe('a broken copy of the built-in content', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function brokenCopy(): string {
    const dir = copyContent(ORCHESTRATION_ROOT);
    dirs.push(dir);
    return dir;
  }

  function firstFile(dir: string, folder: string, suffix: string): string {
    const found = readdirSync(nodePath.join(dir, folder), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith(suffix) && !/readme/i.test(path))
      .sort();
    return nodePath.posix.join(folder, found[0].split(nodePath.sep).join('/'));
  }

  function problems(dir: string): string[] {
    try {
      loadOrchestration(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(OrchestrationLoadError);
      return (error as OrchestrationLoadError).issues.map((issue) => `${issue.file}: ${issue.field}: ${issue.message}`);
    }
    throw new Error('the broken copy loaded');
  }

  it('an agent with a bad tier names the file and the field', () => {
    const dir = brokenCopy();
    const file = firstFile(dir, 'agents', '.md');
    editText(dir, file, (text) => text.replace(/^tier:.*$/m, 'tier: ultra'));
    expect(problems(dir)).toContain(`${file}: tier: expected one of "top", "mid", "low" (got "ultra")`);
  });

  it('a contract with an unknown validation type names the file and the field', () => {
    const dir = brokenCopy();
    const file = firstFile(dir, 'gates/contracts', '.contract.json');
    editJson(dir, file, (contract) => {
      contract.validations[0].type = 'looks_good';
    });
    expect(problems(dir)).toContainEqual(expect.stringMatching(new RegExp(`^${file.replace(/\./g, '\\.')}: validations\\[0\\]\\.type: expected one of file_exists, .*\\(got "looks_good"\\)$`)));
  });

  it('a workflow naming an unknown agent names the file and the field', () => {
    const dir = brokenCopy();
    const file = firstFile(dir, 'workflows', '.json');
    editJson(dir, file, (workflow) => {
      const gate = workflow.gates[0];
      delete gate.parallel_agents;
      gate.agent = 'foo';
    });
    expect(problems(dir)).toEqual([`${file}: gates[0].agent: unknown agent "foo" (expected one of agents/*/*.md slugs)`]);
  });

  it('a profile in the wrong folder kind names the file and the field', () => {
    const dir = brokenCopy();
    const file = firstFile(dir, 'profiles/research', '.md');
    editText(dir, file, (text) => `---\nkind: design\n---\n${text.replace(/^---[\s\S]*?\n---\n/, '')}`);
    expect(problems(dir)).toContain(`${file}: kind: expected "research" (the folder it is in), got "design"`);
  });

  it('a skill without a description names the file and the field', () => {
    const dir = brokenCopy();
    const file = firstFile(dir, 'skills', 'SKILL.md');
    editText(dir, file, (text) => text.replace(/^description:.*\n(?:[ \t]+.*\n)*/m, ''));
    expect(problems(dir)).toContain(`${file}: description: missing (expected string)`);
  });
});

describe('promised output formats', () => {
  const catalog = loadOrchestration();
  it('every built-in workflow promises only formats its unconditional checks guarantee', () => {
    for (const workflow of catalog.workflows.values()) expect({ workflow: workflow.workflow, missing: unguaranteedFormats(workflow, catalog) }).toEqual({ workflow: workflow.workflow, missing: [] });
  });

  it('a format no check guarantees is a problem naming the format and the field', () => {
    const brief = catalog.workflows.get('research-brief')!;
    const issues = workflowReferenceIssues({ ...brief, output_formats: ['markdown', 'html', 'zip'] }, catalog, new Set(), 'workflows/research-brief.json');
    expect(issues).toEqual([
      expect.objectContaining({ field: 'output_formats[1]', message: expect.stringContaining('"html" is promised, but no check guarantees it') }),
    ]);
  });
});
