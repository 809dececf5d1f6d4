import type { Depth, GateContract } from '../content/contract-schema';
import type { InjectedSkill } from '../content/loader';
import type { AgentDefinition, ProfileDefinition } from '../content/markdown-schemas';
import type { WorkflowGate } from '../content/workflow-schema';
import { describeValidation, wordPath, type PathWording } from './describe-checks';
import { estimateTokens } from './tokens';

export type PromptSectionKind = 'agent' | 'profile' | 'skill' | 'instructions' | 'required_outputs' | 'checks' | 'context';

export interface PromptSection {
  kind: PromptSectionKind;
  title: string;
  content: string;
  tokens: number;
}

export interface PriorGateSummary {
  gate: string;
  name: string;
  status: string;
  outputs: string[];
}

export interface PromptPacketInput {
  agent: Pick<AgentDefinition, 'slug' | 'name' | 'role' | 'body'>;
  workflowGate: Pick<WorkflowGate, 'gate' | 'name' | 'phase' | 'instructions' | 'inputs' | 'outputs' | 'parallel_agents'>;
  contract: GateContract;
  profiles: Pick<ProfileDefinition, 'id' | 'name' | 'body'>[];
  skills: InjectedSkill[];
  intent: Record<string, unknown>;
  mode: string;
  depth: Depth;
  /** Every file in the workspace now (sorted by the builder). */
  workspaceFiles: string[];
  priorGates: PriorGateSummary[];
  /** This agent's role when the gate runs several agents in parallel. */
  role?: string;
  /** `{artifact_path}` ('' in a run: the workspace root). */
  artifactPath?: string;
  /** `{slug}`. */
  slug?: string;
  /** Whether url_reachable checks will run (they are skipped otherwise). */
  networkChecks?: boolean;
}

export interface PromptPacket {
  system: string;
  user: string;
  sections: PromptSection[];
  totalTokens: number;
}

/** Listing longer than this is cut (the agent can still call list_directory). */
const MAX_LISTED_FILES = 400;

const SYSTEM_KINDS: ReadonlySet<PromptSectionKind> = new Set(['agent', 'profile', 'skill']);

function section(kind: PromptSectionKind, title: string, content: string): PromptSection {
  const trimmed = content.trim();
  return { kind, title, content: trimmed, tokens: estimateTokens(`## ${title}\n\n${trimmed}`) };
}

function render(sections: PromptSection[]): string {
  return sections.map((part) => `## ${part.title}\n\n${part.content}`).join('\n\n');
}

function formatIntentValue(value: unknown): string {
  if (typeof value === 'string') return value.includes('\n') ? `\n${value.split('\n').map((line) => `    ${line}`).join('\n')}` : value;
  return JSON.stringify(value);
}

/**
 * The prompt for one agent at one gate: who the agent is (system: agent body, mode profiles, injected skills) and
 * what to do now (user: instructions with the intent, required outputs, the checks that will run, the workspace
 * and prior gates). Deterministic: the same input gives byte-identical output.
 */
export function buildPromptPacket(input: PromptPacketInput): PromptPacket {
  const vars: PathWording = { artifactPath: input.artifactPath ?? '', slug: input.slug ?? '', depth: input.depth };
  const sections: PromptSection[] = [];

  sections.push(section('agent', `${input.agent.name} — ${input.agent.role}`, input.agent.body));
  for (const profile of input.profiles) sections.push(section('profile', `Profile: ${profile.name} (${profile.id})`, profile.body));
  for (const injected of input.skills) {
    const parts = [injected.skill.description];
    if (injected.reason) parts.push(`Why this gate needs it: ${injected.reason}`);
    for (const file of injected.files) parts.push(`### ${file.path}\n\n${file.content.trim()}`);
    sections.push(section('skill', `Skill: ${injected.skill.title}`, parts.join('\n\n')));
  }

  sections.push(section('instructions', `Gate ${input.workflowGate.gate}: ${input.workflowGate.name}`, instructions(input)));
  sections.push(section('required_outputs', 'Required outputs', requiredOutputs(input, vars)));
  sections.push(section('checks', 'Checks that will run when you finish', checks(input, vars)));
  sections.push(section('context', 'Workspace and prior gates', context(input)));

  const system = render(sections.filter((part) => SYSTEM_KINDS.has(part.kind)));
  const user = render(sections.filter((part) => !SYSTEM_KINDS.has(part.kind)));
  return { system, user, sections, totalTokens: sections.reduce((sum, part) => sum + part.tokens, 0) };
}

function instructions(input: PromptPacketInput): string {
  const gate = input.workflowGate;
  const lines: string[] = [];
  lines.push(`You are working on gate ${gate.gate} (${gate.name}, ${gate.phase} phase) of this run.`);
  if (input.role) {
    const others = (gate.parallel_agents ?? []).filter((entry) => entry.agent !== input.agent.slug);
    lines.push(`Your role at this gate: ${input.role}.`);
    if (others.length) {
      lines.push(`Working in parallel with you: ${others.map((entry) => `${entry.agent} (${entry.role})`).join('; ')}. Write only your own files.`);
    }
  }
  if (input.contract.description) lines.push('', `What this gate checks: ${input.contract.description}`);
  if (gate.instructions) lines.push('', gate.instructions.trim());
  lines.push('', `Mode: ${input.mode}. Depth: ${input.depth}.`);
  const keys = Object.keys(input.intent).sort();
  if (keys.length) {
    lines.push('', 'The request (intent):');
    for (const key of keys) lines.push(`- ${key}: ${formatIntentValue(input.intent[key])}`);
  }
  if (gate.inputs.length) lines.push('', `Read first: ${gate.inputs.map((path) => `\`${path}\``).join(', ')}.`);
  lines.push(
    '',
    'Work only through the tools: list_directory and read_file to study what exists, write_file to create or replace files ' +
      '(paths are relative to the workspace root). Write complete files, never placeholders or TODO markers. When every ' +
      'required output is written and you have checked it against the list below, stop and reply with a short summary.',
  );
  return lines.join('\n');
}

function requiredOutputs(input: PromptPacketInput, vars: PathWording): string {
  const lines: string[] = [];
  const outputs = input.contract.required_outputs;
  const required = outputs.all_of.filter((output) => output.required !== false);
  const optional = outputs.all_of.filter((output) => output.required === false);
  const describe = (output: { path: string; description?: string }) => `- \`${wordPath(output.path, vars)}\`${output.description ? ` — ${output.description}` : ''}`;
  if (required.length) lines.push('Every one of these must exist:', ...required.map(describe));
  if (outputs.any_of.length) lines.push(...(lines.length ? [''] : []), 'At least one of these must exist:', ...outputs.any_of.map(describe));
  if (optional.length) lines.push('', 'Optional:', ...optional.map(describe));
  const declared = input.workflowGate.outputs.filter(
    (path) => !outputs.all_of.some((o) => wordPath(o.path, vars) === path) && !outputs.any_of.some((o) => wordPath(o.path, vars) === path),
  );
  if (declared.length) lines.push('', 'This gate is also expected to produce:', ...declared.map((path) => `- \`${path}\``));
  if (!lines.length) lines.push('The contract lists no files by name; satisfy the checks below.');
  if (vars.artifactPath === '') lines.push('', 'Paths are relative to the workspace root.');
  return lines.join('\n');
}

function checks(input: PromptPacketInput, vars: PathWording): string {
  const lines: string[] = [];
  input.contract.validations.forEach((validation, index) => {
    const sentence = describeValidation(validation, input.contract, vars);
    const severity = validation.severity === 'warning' ? ' (warning: reported, does not fail the gate)' : '';
    const why = validation.description ? ` Why: ${validation.description}` : '';
    lines.push(`${index + 1}. ${sentence}${severity}${why}`);
  });
  if (!lines.length) lines.push('Only the required outputs are checked.');
  if (input.contract.validations.some((validation) => validation.type === 'url_reachable') && !input.networkChecks) {
    lines.push('', 'URL checks are off for this run, but every URL you write must still be real.');
  }
  lines.push('', 'If a check fails, the gate is retried with the failures shown to you.');
  return lines.join('\n');
}

function context(input: PromptPacketInput): string {
  const lines: string[] = [];
  const files = [...input.workspaceFiles].sort();
  if (!files.length) lines.push('The workspace is empty.');
  else {
    lines.push(`Files in the workspace (${files.length}):`);
    for (const path of files.slice(0, MAX_LISTED_FILES)) lines.push(`- ${path}`);
    if (files.length > MAX_LISTED_FILES) lines.push(`- … and ${files.length - MAX_LISTED_FILES} more (use list_directory)`);
  }
  if (input.priorGates.length) {
    lines.push('', 'Prior gates:');
    for (const prior of input.priorGates) {
      const outputs = prior.outputs.length ? `: ${[...prior.outputs].sort().join(', ')}` : '';
      lines.push(`- ${prior.gate} ${prior.name} — ${prior.status}${outputs}`);
    }
  }
  return lines.join('\n');
}
