import { z } from 'zod';
import { OrchestrationLoadError, zodIssuesToContentIssues, type ContentIssue } from './parse-issues';

/**
 * Gate contracts in the Esy format (SPEC section 5). Existing contract files must load unchanged, so unknown
 * fields (`notes`, `heuristic`, `recommended_files`, …) pass through untouched; what the validator relies on —
 * the validation types and their fields — is checked strictly.
 */

export const VALIDATION_TYPES = [
  'file_exists',
  'dir_exists',
  'min_file_count',
  'min_sources',
  'min_sources_any_of',
  'contains_headings',
  'contains_text',
  'not_contains',
  'frontmatter_status',
  'regex_match',
  'min_regex_count',
  'url_reachable',
  'viz_tech_match',
  'local_assets',
] as const;
export type ValidationType = (typeof VALIDATION_TYPES)[number];

import { DEPTHS, type Depth } from './depths';
export { DEPTHS, type Depth };

export type Severity = 'error' | 'warning';

export interface Thresholds {
  quick: number;
  standard: number;
  deep: number;
}

function isThresholds(value: unknown): value is Thresholds {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return DEPTHS.every((depth) => typeof record[depth] === 'number' && Number.isFinite(record[depth]) && (record[depth] as number) >= 0);
}

const thresholds = z.custom<Thresholds>(isThresholds, { error: 'expected object with quick/standard/deep numbers' });
const path = z.string().min(1);
const severity = z.enum(['error', 'warning']).default('error');

/** Fields every validation carries. Unknown extra fields are kept. */
const base = {
  severity,
  description: z.string().optional(),
};

/** Checks that read files take `target` (one path) or `targets` (the check runs on each). */
const fileTarget = {
  target: path.optional(),
  targets: z.array(path).min(1).optional(),
};

function needsTarget<T extends { target?: string; targets?: string[] }>(schema: z.ZodType<T>) {
  return schema.superRefine((value, ctx) => {
    if (value.target === undefined && value.targets === undefined) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'missing (expected a path, or `targets` with a list of paths)' });
    }
  });
}

type Scalar = string | number | boolean | null;
export type FrontmatterCheck = Scalar | { not?: Scalar | Scalar[]; min?: number };

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A front-matter check is a value to equal, `{not: value | [values]}`, `{min: number}` (or both keys). */
function isFrontmatterCheck(value: unknown): value is FrontmatterCheck {
  if (isScalar(value)) return true;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const check = value as Record<string, unknown>;
  return (
    keys.length > 0 &&
    keys.every((key) => key === 'not' || key === 'min') &&
    (check.not === undefined || isScalar(check.not) || (Array.isArray(check.not) && check.not.every(isScalar))) &&
    (check.min === undefined || (typeof check.min === 'number' && Number.isFinite(check.min)))
  );
}

const frontmatterCheck = z.custom<FrontmatterCheck>(isFrontmatterCheck, { error: 'expected a value, {not: value} or {min: number}' });

const VALIDATION_SCHEMAS = {
  file_exists: z.looseObject({ type: z.literal('file_exists'), ...base, target: path }),
  dir_exists: needsTarget(z.looseObject({ type: z.literal('dir_exists'), ...base, ...fileTarget })),
  min_file_count: needsTarget(
    z.looseObject({ type: z.literal('min_file_count'), ...base, ...fileTarget, pattern: z.string().min(1).default('*'), thresholds }),
  ),
  min_sources: needsTarget(z.looseObject({ type: z.literal('min_sources'), ...base, ...fileTarget, thresholds })),
  min_sources_any_of: z.looseObject({ type: z.literal('min_sources_any_of'), ...base, targets: z.array(path).min(1), thresholds }),
  contains_headings: needsTarget(
    z.looseObject({ type: z.literal('contains_headings'), ...base, ...fileTarget, required_headings: z.array(z.string().min(1)).min(1) }),
  ),
  contains_text: needsTarget(
    z.looseObject({ type: z.literal('contains_text'), ...base, ...fileTarget, patterns: z.array(z.string().min(1)).min(1) }),
  ),
  not_contains: needsTarget(
    z.looseObject({
      type: z.literal('not_contains'),
      ...base,
      ...fileTarget,
      pattern: z.string().min(1),
      missing_ok: z.boolean().default(false),
    }),
  ),
  frontmatter_status: needsTarget(
    z.looseObject({ type: z.literal('frontmatter_status'), ...base, ...fileTarget, checks: z.record(z.string(), frontmatterCheck) }),
  ),
  regex_match: needsTarget(
    z.looseObject({
      type: z.literal('regex_match'),
      ...base,
      ...fileTarget,
      regex: z.string().min(1),
      must_not_match: z.boolean().default(false),
    }),
  ),
  min_regex_count: needsTarget(
    z.looseObject({
      type: z.literal('min_regex_count'),
      ...base,
      ...fileTarget,
      regex: z.string().min(1),
      min_count: z.number().int().min(0),
    }),
  ),
  url_reachable: needsTarget(
    z.looseObject({
      type: z.literal('url_reachable'),
      ...base,
      ...fileTarget,
      url_pattern: z.string().min(1).optional(),
      max_failures: z.number().int().min(0).default(0),
      sample_size: z.number().int().min(1).optional(),
    }),
  ),
  viz_tech_match: z.looseObject({
    type: z.literal('viz_tech_match'),
    ...base,
    metadata_source: path,
    implementation_target: z.union([path, z.array(path).min(1)]),
  }),
  // Project extension (not in Esy's reference): the page loads nothing from the network.
  local_assets: needsTarget(z.looseObject({ type: z.literal('local_assets'), ...base, ...fileTarget })),
} as const;

export type ValidationOf<T extends ValidationType> = z.output<(typeof VALIDATION_SCHEMAS)[T]>;
export type ContractValidation = { [T in ValidationType]: ValidationOf<T> }[ValidationType];

const validationEntry = z.unknown().transform((raw, ctx): ContractValidation => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.addIssue({ code: 'custom', message: 'expected an object with a `type`' });
    return z.NEVER;
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !(VALIDATION_TYPES as readonly string[]).includes(type)) {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: `expected one of ${VALIDATION_TYPES.join(', ')} (got ${type === undefined ? 'nothing' : JSON.stringify(type)})`,
    });
    return z.NEVER;
  }
  const result = VALIDATION_SCHEMAS[type as ValidationType].safeParse(raw, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: describeNested(issue) } as never);
    return z.NEVER;
  }
  return result.data as ContractValidation;
});

/** Re-words a nested issue the same way the top-level formatter would (transform issues lose their code). */
function describeNested(issue: z.core.$ZodIssue): string {
  const fake = new z.ZodError([issue]);
  return zodIssuesToContentIssues('', fake)[0].message;
}

const requiredOutput = z.looseObject({ path, description: z.string().optional(), required: z.boolean().default(true) });
const anyOfOutput = z.looseObject({ path, description: z.string().optional() });

export const gateContractSchema = z.looseObject({
  gate: z.string().min(1),
  name: z.string().min(1).optional(),
  blocking: z.boolean().default(true),
  description: z.string().optional(),
  required_outputs: z
    .looseObject({ all_of: z.array(requiredOutput).default([]), any_of: z.array(anyOfOutput).default([]) })
    .default({ all_of: [], any_of: [] }),
  validations: z.array(validationEntry).default([]),
  required_skills: z
    .array(
      z.looseObject({
        path,
        name: z.string().optional(),
        reason: z.string().optional(),
        inject: z.array(path).default(['SKILL.md']),
      }),
    )
    .default([]),
  pre_scripts: z.array(z.looseObject({ path, args: z.array(z.string()).default([]) })).default([]),
});

export type GateContract = z.output<typeof gateContractSchema>;
export type RequiredOutput = GateContract['required_outputs']['all_of'][number];
export type RequiredSkill = GateContract['required_skills'][number];
export type PreScript = GateContract['pre_scripts'][number];

/** Parses a contract (JSON text or an already-parsed value). Throws OrchestrationLoadError listing every problem. */
export function parseContract(json: unknown, fileLabel: string): GateContract {
  const result = safeParseContract(json, fileLabel);
  if (!result.ok) throw new OrchestrationLoadError(result.issues);
  return result.value;
}

export function safeParseContract(json: unknown, fileLabel: string): { ok: true; value: GateContract } | { ok: false; issues: ContentIssue[] } {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, issues: [{ file: fileLabel, field: '', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = gateContractSchema.safeParse(value, { reportInput: true });
  if (!result.success) return { ok: false, issues: zodIssuesToContentIssues(fileLabel, result.error) };
  return { ok: true, value: result.data };
}

/** The threshold for a depth (thresholds are required for every depth, so this never guesses). */
export function thresholdFor(value: Thresholds, depth: Depth): number {
  return value[depth];
}
