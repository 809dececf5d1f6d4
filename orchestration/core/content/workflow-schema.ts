import { z } from 'zod';
import { parseCondition } from './condition';
import { DEPTHS } from './contract-schema';
import { OrchestrationLoadError, zodIssuesToContentIssues, type ContentIssue } from './parse-issues';

/** Workflow definitions (`workflows/<slug>.json`, format in orchestration/README.md). */

export const WORKFLOW_TYPES = ['visual-essay', 'infographic', 'research'] as const;
export const PHASES = ['intake', 'research', 'spec', 'design', 'production', 'audit', 'publication'] as const;
export const TIERS = ['top', 'mid', 'low'] as const;
export const INTENT_FIELD_TYPES = ['string', 'text', 'enum', 'number', 'boolean'] as const;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase slug (letters, digits, dashes)');
const nonEmpty = z.string().min(1);
const profileRef = z.string().regex(/^(research|design)\/[a-z0-9][a-z0-9-]*$/, 'expected "research/<name>" or "design/<name>"');

const intentOption = z.looseObject({ value: nonEmpty, label: nonEmpty });

export const intentFieldSchema = z
  .looseObject({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case key'),
    label: nonEmpty,
    type: z.enum(INTENT_FIELD_TYPES),
    required: z.boolean().default(false),
    help: z.string().optional(),
    placeholder: z.string().optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    options: z.array(intentOption).min(1).optional(),
    min_length: z.number().int().min(0).optional(),
    max_length: z.number().int().min(1).optional(),
    pattern: z.string().optional(),
    /** What `pattern` allows, in words, for the error message: "letters, spaces, hyphens and apostrophes". */
    pattern_hint: z.string().min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === 'enum' && !field.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'missing (an enum field needs options [{value, label}])' });
    }
    if (field.pattern !== undefined) {
      try {
        new RegExp(field.pattern);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: `not a valid regular expression: ${(error as Error).message}` });
      }
    }
    if (field.default !== undefined) {
      const expected = { string: 'string', text: 'string', enum: 'string', number: 'number', boolean: 'boolean' }[field.type];
      if (typeof field.default !== expected) {
        ctx.addIssue({ code: 'custom', path: ['default'], message: `expected a ${expected} for a ${field.type} field` });
      } else if (field.type === 'enum' && field.options && !field.options.some((option) => option.value === field.default)) {
        ctx.addIssue({ code: 'custom', path: ['default'], message: `expected one of the options' values` });
      }
    }
  });
export type IntentField = z.output<typeof intentFieldSchema>;

const estimates = z.looseObject({
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  duration_s: z.number().min(0).optional(),
});

/** A workspace-relative glob: no absolute path, no `..`, no backslash. */
const scopeGlob = nonEmpty.refine(
  (glob) => !glob.startsWith('/') && !glob.split('/').includes('..') && !glob.includes('\\'),
  'expected a glob relative to the workspace, such as "essay/index.html" or "essay/*.md" (no leading /, no ..)',
);

/** `static` (router precedence) or `auto` (learned per gate × model; core/routing). */
const stageRouting = z.strictObject({
  mode: z.enum(['static', 'auto']),
  target_pass_rate: z.number().min(0.5).max(0.999).optional(),
  max_latency_s: z.number().positive().optional(),
  candidates: z.array(nonEmpty).min(1).optional(),
  exploration: z.number().min(0).max(0.5).optional(),
});

export const workflowGateSchema = z
  .looseObject({
    gate: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a gate id such as "G4.1"'),
    name: nonEmpty,
    phase: z.enum(PHASES),
    agent: slug.optional(),
    parallel_agents: z.array(z.looseObject({ agent: slug, role: nonEmpty })).min(1).optional(),
    tier: z.enum(TIERS).optional(),
    model: nonEmpty.optional(),
    profiles: z.record(z.string(), z.union([profileRef, z.array(profileRef)])).default({}),
    contract: nonEmpty.optional(),
    condition: nonEmpty.optional(),
    inputs: z.array(nonEmpty).default([]),
    outputs: z.array(nonEmpty).default([]),
    /** Earlier files (globs) this stage may rewrite besides its own contract outputs; default none. */
    may_modify: z.array(scopeGlob).default([]),
    estimates: estimates.optional(),
    routing: stageRouting.optional(),
    max_attempts: z.number().int().min(1).max(10).optional(),
    timeout_s: z.number().int().min(1).optional(),
    instructions: z.string().optional(),
  })
  .superRefine((gate, ctx) => {
    if ((gate.agent === undefined) === (gate.parallel_agents === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['agent'], message: 'expected exactly one of `agent` or `parallel_agents`' });
    }
  });
export type WorkflowGate = z.output<typeof workflowGateSchema>;

export const workflowSchema = z.looseObject({
  workflow: slug,
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'expected a semantic version such as "1.0.0"'),
  name: nonEmpty,
  description: nonEmpty,
  type: z.enum(WORKFLOW_TYPES),
  depth: z.enum(DEPTHS).default('standard'),
  tags: z.array(nonEmpty).default([]),
  what_you_get: z.array(nonEmpty).default([]),
  estimated_time: z.string().optional(),
  featured: z.boolean().default(false),
  sort_order: z.number().int().default(100),
  artifact_type: z.string().optional(),
  output_formats: z.array(nonEmpty).default([]),
  modes: z.array(nonEmpty).min(1),
  default_mode: nonEmpty.optional(),
  intent_schema: z.array(intentFieldSchema).default([]),
  gates: z.array(workflowGateSchema).min(1),
  qa_config: z
    .looseObject({
      network_checks: z.boolean().default(false),
      blocking_warnings: z.boolean().default(false),
      max_attempts: z.number().int().min(1).max(10).default(3),
      escalate_on_retry: z.boolean().default(false),
    })
    .default({ network_checks: false, blocking_warnings: false, max_attempts: 3, escalate_on_retry: false }),
  output_guarantees: z.array(nonEmpty).default([]),
  cost_profile: z
    .looseObject({ budget_usd: z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal string such as "5.00"').optional() })
    .default({}),
});
export type Workflow = z.output<typeof workflowSchema>;

/** Parses a workflow (JSON text or value) and checks what only makes sense across fields. Throws on problems. */
export function parseWorkflow(json: unknown, fileLabel: string): Workflow {
  const result = safeParseWorkflow(json, fileLabel);
  if (!result.ok) throw new OrchestrationLoadError(result.issues);
  return result.value;
}

export function safeParseWorkflow(json: unknown, fileLabel: string): { ok: true; value: Workflow } | { ok: false; issues: ContentIssue[] } {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, issues: [{ file: fileLabel, field: '', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = workflowSchema.safeParse(value, { reportInput: true });
  if (!result.success) return { ok: false, issues: zodIssuesToContentIssues(fileLabel, result.error) };
  const issues = crossFieldIssues(result.data, fileLabel);
  return issues.length ? { ok: false, issues } : { ok: true, value: result.data };
}

function crossFieldIssues(workflow: Workflow, file: string): ContentIssue[] {
  const issues: ContentIssue[] = [];
  if (workflow.default_mode !== undefined && !workflow.modes.includes(workflow.default_mode)) {
    issues.push({ file, field: 'default_mode', message: `expected one of modes (${workflow.modes.join(', ')}), got "${workflow.default_mode}"` });
  }
  const keys = new Set<string>();
  workflow.intent_schema.forEach((field, index) => {
    if (keys.has(field.key)) issues.push({ file, field: `intent_schema[${index}].key`, message: `duplicate key "${field.key}"` });
    keys.add(field.key);
    if (field.key === 'mode' && field.type === 'enum') {
      for (const option of field.options ?? []) {
        if (!workflow.modes.includes(option.value)) {
          issues.push({ file, field: `intent_schema[${index}].options`, message: `mode "${option.value}" is not listed in modes` });
        }
      }
    }
    if (field.key === 'depth' && field.type === 'enum') {
      for (const option of field.options ?? []) {
        if (!(DEPTHS as readonly string[]).includes(option.value)) {
          issues.push({ file, field: `intent_schema[${index}].options`, message: `depth "${option.value}" is not one of ${DEPTHS.join(', ')}` });
        }
      }
    }
  });
  const gateIds = new Set<string>();
  workflow.gates.forEach((gate, index) => {
    if (gateIds.has(gate.gate)) issues.push({ file, field: `gates[${index}].gate`, message: `duplicate gate id "${gate.gate}"` });
    gateIds.add(gate.gate);
    if (gate.condition !== undefined) {
      try {
        parseCondition(gate.condition);
      } catch (error) {
        issues.push({ file, field: `gates[${index}].condition`, message: `gate ${gate.gate}: ${(error as Error).message} in "${gate.condition}"` });
      }
    }
    for (const mode of Object.keys(gate.profiles)) {
      if (!workflow.modes.includes(mode)) {
        issues.push({ file, field: `gates[${index}].profiles.${mode}`, message: `"${mode}" is not one of the workflow's modes (${workflow.modes.join(', ')})` });
      }
    }
  });
  return issues;
}
