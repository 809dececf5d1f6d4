import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { BUILT_IN_MODELS } from '../models/catalog';
import { safeParseContract, type GateContract } from './contract-schema';
import {
  safeParseAgentMarkdown,
  safeParseProfileMarkdown,
  safeParseSkillMarkdown,
  AGENT_CATEGORIES,
  type AgentDefinition,
  type ProfileDefinition,
  type SkillDefinition,
} from './markdown-schemas';
import { OrchestrationLoadError, type ContentIssue } from './parse-issues';
import { safeParseWorkflow, type Workflow } from './workflow-schema';
import { compileContractRegex } from './regex';

/** Everything under `orchestration/`, parsed and cross-checked. */
export interface OrchestrationCatalog {
  rootDir: string;
  /** By slug. */
  agents: Map<string, AgentDefinition>;
  /** By gate id (`G4.1`). */
  contracts: Map<string, GateContract>;
  /** By workflow slug. */
  workflows: Map<string, Workflow>;
  /** By `research/historical`, `design/editorial`. */
  profiles: Map<string, ProfileDefinition>;
  /** By skill folder name. */
  skills: Map<string, SkillDefinition>;
}

export interface LoadOptions {
  /** Model ids a workflow gate or agent hint may name; the built-in catalog by default. */
  knownModelIds?: Iterable<string>;
}

/** The package directory (`orchestration/`), where the built-in content lives. */
export const ORCHESTRATION_ROOT = nodePath.resolve(__dirname, '..', '..');

/**
 * Names of files that exist but failed to parse. References to them are not reported again as "unknown": the
 * file's own problem is the one to fix.
 */
interface Broken {
  agents: Set<string>;
  contracts: Set<string>;
  profiles: Set<string>;
  skills: Set<string>;
}

const SKIPPED_NAMES = new Set(['readme.md', '.ds_store', '.gitkeep']);
const MAX_SKILL_FILE_BYTES = 256 * 1024;

/**
 * Reads and checks every content file. All problems are collected and thrown together as one
 * OrchestrationLoadError whose lines name the file, the field and what was expected.
 */
export function loadOrchestration(rootDir: string = ORCHESTRATION_ROOT, options: LoadOptions = {}): OrchestrationCatalog {
  const issues: ContentIssue[] = [];
  const catalog: OrchestrationCatalog = {
    rootDir,
    agents: new Map(),
    contracts: new Map(),
    workflows: new Map(),
    profiles: new Map(),
    skills: new Map(),
  };
  const broken: Broken = { agents: new Set(), contracts: new Set(), profiles: new Set(), skills: new Set() };
  loadAgents(rootDir, catalog, issues, broken);
  loadProfiles(rootDir, catalog, issues, broken);
  loadSkills(rootDir, catalog, issues, broken);
  loadContracts(rootDir, catalog, issues, broken);
  loadWorkflows(rootDir, catalog, issues);
  crossCheck(catalog, issues, new Set(options.knownModelIds ?? BUILT_IN_MODELS.map((model) => model.id)), broken);
  if (issues.length) throw new OrchestrationLoadError(issues);
  return catalog;
}

function listDir(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !SKIPPED_NAMES.has(name.toLowerCase()) && !name.startsWith('.'))
    .sort();
}

function isDir(path: string): boolean {
  return statSync(path).isDirectory();
}

function loadAgents(root: string, catalog: OrchestrationCatalog, issues: ContentIssue[], broken: Broken): void {
  for (const category of listDir(nodePath.join(root, 'agents'))) {
    const folder = nodePath.join(root, 'agents', category);
    if (!isDir(folder)) {
      issues.push({ file: `agents/${category}`, field: '', message: 'expected agents/<category>/<slug>.md (files directly under agents/ are not loaded)' });
      continue;
    }
    if (!(AGENT_CATEGORIES as readonly string[]).includes(category)) {
      issues.push({ file: `agents/${category}`, field: '', message: `unknown category folder; expected one of ${AGENT_CATEGORIES.join(', ')}` });
      continue;
    }
    for (const name of listDir(folder)) {
      const file = `agents/${category}/${name}`;
      if (!name.endsWith('.md')) {
        issues.push({ file, field: '', message: 'expected a markdown agent definition (<slug>.md)' });
        continue;
      }
      const parsed = safeParseAgentMarkdown(readFileSync(nodePath.join(folder, name), 'utf8'), file);
      if (!parsed.ok) {
        issues.push(...parsed.issues);
        broken.agents.add(name.slice(0, -'.md'.length));
        continue;
      }
      const agent = parsed.value;
      const expectedSlug = name.slice(0, -'.md'.length);
      if (agent.slug !== expectedSlug) issues.push({ file, field: 'slug', message: `expected "${expectedSlug}" (the file name), got "${agent.slug}"` });
      if (agent.category !== category) issues.push({ file, field: 'category', message: `expected "${category}" (the folder), got "${agent.category}"` });
      if (catalog.agents.has(agent.slug)) {
        issues.push({ file, field: 'slug', message: `duplicate slug "${agent.slug}" (also ${catalog.agents.get(agent.slug)!.file})` });
        continue;
      }
      catalog.agents.set(agent.slug, agent);
    }
  }
}

function loadProfiles(root: string, catalog: OrchestrationCatalog, issues: ContentIssue[], broken: Broken): void {
  for (const kind of listDir(nodePath.join(root, 'profiles'))) {
    const folder = nodePath.join(root, 'profiles', kind);
    if (!isDir(folder) || (kind !== 'research' && kind !== 'design')) {
      issues.push({ file: `profiles/${kind}`, field: '', message: 'expected profiles/research/<name>.md or profiles/design/<name>.md' });
      continue;
    }
    for (const name of listDir(folder)) {
      const file = `profiles/${kind}/${name}`;
      if (!name.endsWith('.md')) {
        issues.push({ file, field: '', message: 'expected a markdown profile (<name>.md)' });
        continue;
      }
      const id = `${kind}/${name.slice(0, -'.md'.length)}`;
      const parsed = safeParseProfileMarkdown(readFileSync(nodePath.join(folder, name), 'utf8'), id, file);
      if (parsed.ok) catalog.profiles.set(id, parsed.value);
      else {
        issues.push(...parsed.issues);
        broken.profiles.add(id);
      }
    }
  }
}

/** Every text file of a skill folder (hidden files left out), keyed by POSIX path relative to it. */
function readTextTree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((entry) => !entry.startsWith('.')).sort()) {
    const full = nodePath.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    if (isDir(full)) Object.assign(files, readTextTree(full, relative));
    else if (statSync(full).size <= MAX_SKILL_FILE_BYTES) files[relative] = readFileSync(full, 'utf8');
  }
  return files;
}

function loadSkills(root: string, catalog: OrchestrationCatalog, issues: ContentIssue[], broken: Broken): void {
  for (const name of listDir(nodePath.join(root, 'skills'))) {
    const folder = nodePath.join(root, 'skills', name);
    const file = `skills/${name}/SKILL.md`;
    if (!isDir(folder)) {
      issues.push({ file: `skills/${name}`, field: '', message: 'expected a skill folder skills/<name>/SKILL.md' });
      continue;
    }
    if (!existsSync(nodePath.join(folder, 'SKILL.md'))) {
      issues.push({ file, field: '', message: 'missing: every skill folder needs a SKILL.md' });
      continue;
    }
    const files = readTextTree(folder);
    const parsed = safeParseSkillMarkdown(files['SKILL.md'], name, file, files);
    if (parsed.ok) catalog.skills.set(name, parsed.value);
    else {
      issues.push(...parsed.issues);
      broken.skills.add(name);
    }
  }
}

const CONTRACT_SUFFIX = '.contract.json';

function loadContracts(root: string, catalog: OrchestrationCatalog, issues: ContentIssue[], broken: Broken): void {
  const folder = nodePath.join(root, 'gates', 'contracts');
  for (const name of listDir(folder)) {
    const file = `gates/contracts/${name}`;
    if (!name.endsWith(CONTRACT_SUFFIX)) {
      issues.push({ file, field: '', message: 'expected <GATE>.contract.json' });
      continue;
    }
    const parsed = safeParseContract(readFileSync(nodePath.join(folder, name), 'utf8'), file);
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      broken.contracts.add(name.slice(0, -CONTRACT_SUFFIX.length));
      continue;
    }
    const expectedGate = name.slice(0, -CONTRACT_SUFFIX.length);
    if (parsed.value.gate !== expectedGate) {
      issues.push({ file, field: 'gate', message: `expected "${expectedGate}" (the file name), got "${parsed.value.gate}"` });
      broken.contracts.add(expectedGate);
      continue;
    }
    parsed.value.validations.forEach((validation, index) => {
      for (const key of ['regex', 'url_pattern'] as const) {
        const source = (validation as Record<string, unknown>)[key];
        if (typeof source !== 'string') continue;
        const compiled = compileContractRegex(source);
        if ('error' in compiled) issues.push({ file, field: `validations[${index}].${key}`, message: `not a valid regular expression: ${compiled.error}` });
      }
    });
    catalog.contracts.set(expectedGate, parsed.value);
  }
}

function loadWorkflows(root: string, catalog: OrchestrationCatalog, issues: ContentIssue[]): void {
  const folder = nodePath.join(root, 'workflows');
  for (const name of listDir(folder)) {
    const file = `workflows/${name}`;
    if (!name.endsWith('.json')) {
      issues.push({ file, field: '', message: 'expected a workflow definition <slug>.json' });
      continue;
    }
    const parsed = safeParseWorkflow(readFileSync(nodePath.join(folder, name), 'utf8'), file);
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      continue;
    }
    const expected = name.slice(0, -'.json'.length);
    if (parsed.value.workflow !== expected) {
      issues.push({ file, field: 'workflow', message: `expected "${expected}" (the file name), got "${parsed.value.workflow}"` });
      continue;
    }
    catalog.workflows.set(expected, parsed.value);
  }
}

/** `orchestration/skills/x` (Esy, repo-relative) or `skills/x` → `x`; anything else → undefined. */
export function skillNameFromPath(path: string): string | undefined {
  const match = /^(?:\.\/)?(?:orchestration\/)?skills\/([^/]+)\/?$/.exec(path.trim());
  return match?.[1];
}

function crossCheck(catalog: OrchestrationCatalog, issues: ContentIssue[], knownModels: Set<string>, broken: Broken): void {
  for (const agent of catalog.agents.values()) {
    if (agent.model && !knownModels.has(agent.model)) {
      issues.push({ file: agent.file, field: 'model', message: `unknown model "${agent.model}" (expected one of ${[...knownModels].join(', ')})` });
    }
  }
  for (const [gate, contract] of catalog.contracts) {
    const file = `gates/contracts/${gate}${CONTRACT_SUFFIX}`;
    contract.required_skills.forEach((required, index) => {
      const name = skillNameFromPath(required.path);
      const skill = name ? catalog.skills.get(name) : undefined;
      if (name && broken.skills.has(name)) return;
      if (!skill) {
        issues.push({ file, field: `required_skills[${index}].path`, message: `no skill at "${required.path}" (expected skills/<name> with a SKILL.md)` });
        return;
      }
      required.inject.forEach((injected, injectIndex) => {
        if (!(injected in skill.files)) {
          issues.push({ file, field: `required_skills[${index}].inject[${injectIndex}]`, message: `skills/${name}/${injected} does not exist` });
        }
      });
    });
  }
  for (const [slug, workflow] of catalog.workflows) {
    issues.push(...workflowReferenceIssues(workflow, catalog, knownModels, `workflows/${slug}.json`, broken));
  }
}

/**
 * What a workflow names that must exist: agents, contracts, models and profiles. Used by the loader and by
 * anything that accepts a workflow outside the content tree (the admin API publishing a spec). Names of files
 * that exist but failed to parse (`broken`) are not reported again.
 */
/** File extensions that deliver each output format; `zip` is the package every completed run gets. */
const FORMAT_EXTENSIONS: Record<string, string[]> = { html: ['.html', '.htm'], markdown: ['.md', '.markdown'], md: ['.md', '.markdown'], text: ['.txt'] };

/**
 * Output formats no check guarantees: a format is promised only when an unconditional gate's contract requires a
 * file of that format (a required output, or a `min_file_count` glob such as `data/*.csv`). Every such check is
 * re-checked by the final integrity sweep, so the delivered package really holds the file.
 */
export function unguaranteedFormats(workflow: Pick<Workflow, 'gates' | 'output_formats'>, catalog: Pick<OrchestrationCatalog, 'contracts'>): string[] {
  const files: string[] = [];
  for (const gate of workflow.gates) {
    if (gate.condition?.trim()) continue;
    const contract = contractForGate(catalog, gate);
    for (const output of contract?.required_outputs.all_of ?? []) if (output.required !== false) files.push(output.path);
    const anyOf = contract?.required_outputs.any_of ?? [];
    // An any_of group guarantees a format only when every alternative has it.
    if (anyOf.length) files.push(...anyOf.map((output) => output.path).filter((path, _, all) => all.every((other) => extensionOf(other) === extensionOf(path))).slice(0, 1));
    for (const validation of contract?.validations ?? []) if (validation.type === 'min_file_count' && validation.thresholds.quick > 0) files.push(validation.pattern);
  }
  return (workflow.output_formats ?? []).filter((format) => {
    if (format.toLowerCase() === 'zip') return false;
    const extensions = FORMAT_EXTENSIONS[format.toLowerCase()] ?? [`.${format.toLowerCase()}`];
    return !files.some((file) => extensions.some((extension) => file.toLowerCase().endsWith(extension)));
  });
}

function extensionOf(path: string): string {
  return nodePath.posix.extname(path).toLowerCase();
}

export function workflowReferenceIssues(
  workflow: Pick<Workflow, 'gates'> & Partial<Pick<Workflow, 'output_formats'>>,
  catalog: Pick<OrchestrationCatalog, 'agents' | 'contracts' | 'profiles'>,
  knownModels: ReadonlySet<string>,
  file: string,
  broken: Partial<Record<'agents' | 'contracts' | 'profiles', ReadonlySet<string>>> = {},
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const agentHint = 'expected one of agents/*/*.md slugs';
  workflow.gates.forEach((gate, index) => {
    const at = (field: string) => `gates[${index}].${field}`;
    const unknownAgent = (slug: string) => !catalog.agents.has(slug) && !broken.agents?.has(slug);
    if (gate.agent && unknownAgent(gate.agent)) issues.push({ file, field: at('agent'), message: `unknown agent "${gate.agent}" (${agentHint})` });
    gate.parallel_agents?.forEach((entry, agentIndex) => {
      if (unknownAgent(entry.agent)) {
        issues.push({ file, field: at(`parallel_agents[${agentIndex}].agent`), message: `unknown agent "${entry.agent}" (${agentHint})` });
      }
    });
    const contractId = gate.contract ?? gate.gate;
    if (!catalog.contracts.has(contractId) && !broken.contracts?.has(contractId)) {
      issues.push({ file, field: at(gate.contract ? 'contract' : 'gate'), message: `no contract gates/contracts/${contractId}${CONTRACT_SUFFIX}` });
    }
    if (gate.model && !knownModels.has(gate.model)) {
      issues.push({ file, field: at('model'), message: `unknown model "${gate.model}" (expected one of ${[...knownModels].join(', ')})` });
    }
    for (const [mode, refs] of Object.entries(gate.profiles)) {
      for (const ref of Array.isArray(refs) ? refs : [refs]) {
        if (!catalog.profiles.has(ref) && !broken.profiles?.has(ref)) issues.push({ file, field: at(`profiles.${mode}`), message: `unknown profile "${ref}" (expected profiles/${ref}.md)` });
      }
    }
  });
  // A spec may not promise a format its checks do not deliver (only judged when every contract is known).
  const contractsKnown = workflow.gates.every((gate) => catalog.contracts.has(gate.contract ?? gate.gate));
  if (contractsKnown && workflow.output_formats) {
    for (const format of unguaranteedFormats({ gates: workflow.gates, output_formats: workflow.output_formats }, catalog)) {
      issues.push({
        file,
        field: `output_formats[${workflow.output_formats.indexOf(format)}]`,
        message: `"${format}" is promised, but no check guarantees it: no unconditional gate's contract requires a ${format} file (add such an output to a contract, or remove "${format}")`,
      });
    }
  }
  return issues;
}

/** The contract a workflow gate is checked against (its `contract`, else the gate id). */
export function contractForGate(catalog: Pick<OrchestrationCatalog, 'contracts'>, gate: { gate: string; contract?: string }): GateContract | undefined {
  return catalog.contracts.get(gate.contract ?? gate.gate);
}

/** The profiles a gate uses in a mode, in the order listed. */
export function profilesForGate(
  catalog: Pick<OrchestrationCatalog, 'profiles'>,
  gate: { profiles: Record<string, string | string[]> },
  mode: string,
): ProfileDefinition[] {
  const refs = gate.profiles[mode];
  if (!refs) return [];
  return (Array.isArray(refs) ? refs : [refs]).map((ref) => catalog.profiles.get(ref)).filter((p): p is ProfileDefinition => !!p);
}

export interface InjectedSkill {
  skill: SkillDefinition;
  reason?: string;
  /** The files the contract asked to inject, with their content, in the order listed. */
  files: { path: string; content: string }[];
}

/** The skills a contract requires, with the files it injects; unknown skills/files are left out (the loader reports them). */
export function skillsForContract(catalog: Pick<OrchestrationCatalog, 'skills'>, contract: Pick<GateContract, 'required_skills'>): InjectedSkill[] {
  const out: InjectedSkill[] = [];
  for (const required of contract.required_skills) {
    const name = skillNameFromPath(required.path);
    const skill = name ? catalog.skills.get(name) : undefined;
    if (!skill) continue;
    out.push({
      skill,
      reason: required.reason,
      files: required.inject.filter((path) => path in skill.files).map((path) => ({ path, content: skill.files[path] })),
    });
  }
  return out;
}
