import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseContract } from '../../../core/content/contract-schema';
import type { OrchestrationCatalog } from '../../../core/content/loader';
import type { AgentDefinition } from '../../../core/content/markdown-schemas';
import { parseWorkflow, type Workflow } from '../../../core/content/workflow-schema';

const agent = (slug: string, tier: AgentDefinition['tier'] = 'mid'): AgentDefinition => ({
  slug,
  name: slug.replace(/-/g, ' '),
  category: 'research',
  role: `The ${slug} of the fixture workflow.`,
  tier,
  capabilities: [],
  tools: ['list_directory', 'read_file', 'write_file'],
  body: `You are ${slug}. Write the files the gate asks for.`,
  file: `agents/research/${slug}.md`,
});

/** Contracts that use every validation type, so the simulator is tested against all of them. */
const CONTRACTS = [
  {
    gate: 'R1',
    name: 'Research Complete',
    required_outputs: {
      all_of: [
        { path: '{artifact_path}/research/sources.md', description: 'Annotated sources' },
        { path: '{artifact_path}/research/timeline.md', description: 'Dated timeline' },
      ],
      any_of: [{ path: '{artifact_path}/research/summary.md' }, { path: '{artifact_path}/research/summary.json' }],
    },
    validations: [
      { type: 'file_exists', target: 'all_required' },
      { type: 'file_exists', target: 'any_of' },
      { type: 'dir_exists', target: '{artifact_path}/research/notes' },
      { type: 'min_file_count', target: '{artifact_path}/research/notes', pattern: '*.md', thresholds: { quick: 2, standard: 4, deep: 6 } },
      { type: 'min_sources', target: '{artifact_path}/research/sources.md', thresholds: { quick: 3, standard: 8, deep: 25 } },
      { type: 'min_sources_any_of', targets: ['{artifact_path}/research/sources.md', '{artifact_path}/research/alt-sources.md'], thresholds: { quick: 3, standard: 8, deep: 25 } },
      { type: 'contains_headings', target: '{artifact_path}/research/timeline.md', required_headings: ['Timeline', 'Key Dates', 'Color'] },
      { type: 'contains_text', target: '{artifact_path}/research/timeline.md', patterns: ['Confidence:', 'primary source'] },
      { type: 'not_contains', target: '{artifact_path}/research/sources.md', pattern: 'TODO' },
      { type: 'not_contains', target: '{artifact_path}/research/absent.md', pattern: 'x', missing_ok: true },
      { type: 'frontmatter_status', target: '{artifact_path}/research/timeline.md', checks: { status: 'approved', score: { min: 8 }, phase: { not: ['draft', 'wip'] } } },
      { type: 'regex_match', target: '{artifact_path}/research/timeline.md', regex: '^\\d{4}: [A-Z][a-z]+.*$' },
      { type: 'regex_match', target: '{artifact_path}/research/timeline.md', regex: 'lorem ipsum', must_not_match: true },
      { type: 'min_regex_count', target: '{artifact_path}/research/timeline.md', regex: '^- \\*\\*\\d{4}\\*\\* — .+', min_count: 5 },
      { type: 'url_reachable', target: '{artifact_path}/research/sources.md', max_failures: 0 },
    ],
  },
  {
    gate: 'E1',
    name: 'Essay Complete',
    required_outputs: { all_of: [{ path: 'essay/{slug}.html' }, { path: 'design/viz-decision.md' }] },
    validations: [
      { type: 'contains_headings', target: 'essay/{slug}.html', required_headings: ['Introduction', 'Origins', 'Bibliography'] },
      { type: 'contains_text', target: 'essay/{slug}.html', patterns: ['<!DOCTYPE html>', '<ol class="bibliography">'] },
      { type: 'min_regex_count', target: 'essay/{slug}.html', regex: '<sup[^>]*><a href="#ref-\\d+">\\[\\d+\\]</a></sup>', min_count: 4 },
      { type: 'min_sources', target: 'essay/{slug}.html', thresholds: { quick: 6, standard: 10, deep: 20 } },
      { type: 'viz_tech_match', metadata_source: 'design/viz-decision.md', implementation_target: 'essay/{slug}.html' },
      { type: 'regex_match', target: 'essay/{slug}.html', regex: '\\uD83C[\\uDF00-\\uDFFF]|\\uD83D[\\uDC00-\\uDEFF]', must_not_match: true },
      { type: 'frontmatter_status', target: 'design/viz-decision.md', checks: { decision: 'final' }, severity: 'warning' },
    ],
  },
  {
    gate: 'C1',
    name: 'Component Build',
    required_outputs: { all_of: [{ path: '{client_component}' }] },
    validations: [
      { type: 'contains_headings', target: '{client_component}', required_headings: ['export default'] },
      { type: 'viz_tech_match', metadata_source: 'design/viz-decision.md', implementation_target: '{client_component}' },
    ],
  },
  {
    gate: 'D1',
    name: 'Data Integrity Audit',
    required_outputs: { all_of: [{ path: 'audit/data-integrity.md' }] },
    validations: [{ type: 'frontmatter_status', target: 'audit/data-integrity.md', checks: { status: 'pass' } }],
  },
];

export function fixtureWorkflow(overrides: Partial<Record<string, unknown>> = {}): Workflow {
  return parseWorkflow({ ...fixtureWorkflowJson(), ...overrides }, 'workflows/fixture-essay.json');
}

function fixtureWorkflowJson(): Record<string, unknown> {
  return {
      workflow: 'fixture-essay',
      version: '1.0.0',
      name: 'Fixture essay',
      description: 'Exercises every validation type.',
      type: 'visual-essay',
      depth: 'quick',
      modes: ['historical', 'data-journalism'],
      default_mode: 'historical',
      intent_schema: [
        { key: 'word', label: 'Word', type: 'string', required: true },
        { key: 'mode', label: 'Mode', type: 'enum', options: [{ value: 'historical', label: 'Historical' }, { value: 'data-journalism', label: 'Data' }] },
      ],
      gates: [
        { gate: 'R1', name: 'Research Complete', phase: 'research', agent: 'fixture-researcher', outputs: ['research/summary.md'] },
        {
          gate: 'E1',
          name: 'Essay Complete',
          phase: 'production',
          parallel_agents: [
            { agent: 'fixture-writer', role: 'writes the essay' },
            { agent: 'fixture-viz', role: 'designs the visualizations' },
          ],
        },
        { gate: 'C1', name: 'Component Build', phase: 'production', agent: 'fixture-viz', inputs: ['design/viz-decision.md'] },
        { gate: 'D1', name: 'Data Integrity Audit', phase: 'audit', agent: 'fixture-auditor', condition: "mode == 'data-journalism'" },
      ],
  };
}

export function fixtureCatalog(): Pick<OrchestrationCatalog, 'agents' | 'contracts' | 'profiles' | 'skills'> {
  return {
    agents: new Map(['fixture-researcher', 'fixture-writer', 'fixture-viz', 'fixture-auditor'].map((slug) => [slug, agent(slug)])),
    contracts: new Map(CONTRACTS.map((raw) => [raw.gate, parseContract(raw, `gates/contracts/${raw.gate}.contract.json`)])),
    profiles: new Map(),
    skills: new Map(),
  };
}

/** Writes the fixture as an orchestration folder (agents, contracts, workflow) for `esy run --orchestration`. */
export function writeFixtureTree(root: string): void {
  const catalog = fixtureCatalog();
  fs.mkdirSync(path.join(root, 'agents', 'research'), { recursive: true });
  fs.mkdirSync(path.join(root, 'gates', 'contracts'), { recursive: true });
  fs.mkdirSync(path.join(root, 'workflows'), { recursive: true });
  for (const agent of catalog.agents.values()) {
    const body = `${agent.body}\n\nYou work for the fixture workflow used by the engine tests. Read what earlier gates wrote, then write every file the gate contract requires, complete and with real sources. Keep the prose plain and the structure exactly as the checks describe.`;
    fs.writeFileSync(
      path.join(root, 'agents', 'research', `${agent.slug}.md`),
      `---\nslug: ${agent.slug}\nname: ${agent.name}\ncategory: research\nrole: ${agent.role}\ntier: ${agent.tier}\n---\n\n${body}\n`,
    );
  }
  for (const raw of CONTRACTS) fs.writeFileSync(path.join(root, 'gates', 'contracts', `${raw.gate}.contract.json`), JSON.stringify(raw, null, 2));
  fs.writeFileSync(path.join(root, 'workflows', 'fixture-essay.json'), JSON.stringify(fixtureWorkflowJson(), null, 2));
}
