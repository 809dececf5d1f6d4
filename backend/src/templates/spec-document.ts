import type { ContentIssue } from '@esy/orchestration';
import type { ErrorDetailDto } from '../common/errors/error-response.dto';
import type { SpecDraftDto } from './dto/spec.dto';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Modes of a brand-new template's first version when the draft names none (profiles are keyed by mode). */
export const FALLBACK_MODES = ['general'];

/**
 * The workflow document a draft stands for: the template's catalogue fields (as they are now) plus the draft's
 * executable part, in the `orchestration/workflows/<slug>.json` format, so the loader's schema checks it and the
 * engine runs it exactly like a seeded workflow.
 */
export function composeWorkflowDocument(template: Row, draft: SpecDraftDto, previous: Row | null): Record<string, unknown> {
  const document: Record<string, unknown> = {
    workflow: template.slug,
    version: draft.version,
    name: template.name,
    // The loader requires a description; an empty template description falls back to the name.
    description: template.description || template.name,
    type: template.type,
    depth: template.depth,
    tags: template.tags ?? [],
    what_you_get: template.what_you_get ?? [],
    featured: template.featured,
    sort_order: template.sort_order,
    modes: draft.modes ?? previous?.modes ?? FALLBACK_MODES,
    intent_schema: draft.intent_schema ?? [],
    gates: draft.stages,
    output_guarantees: draft.output_guarantees ?? [],
    output_formats: draft.output_formats ?? [],
    cost_profile: draft.budget_usd ? { budget_usd: draft.budget_usd } : {},
  };
  if (template.estimated_time) document.estimated_time = template.estimated_time;
  if (draft.qa_config) document.qa_config = draft.qa_config;
  const defaultMode = draft.default_mode ?? (draft.modes ? undefined : previous?.default_mode);
  if (defaultMode) document.default_mode = defaultMode;
  const artifactType = draft.artifact_type ?? (template.type as string);
  if (artifactType) document.artifact_type = artifactType;
  return document;
}

/** Names each loader issue by the request field it came from (`gates[1].phase` → `stages[1].phase`). */
export function toRequestIssues(issues: ContentIssue[]): ErrorDetailDto[] {
  return issues.map((issue) => ({ field: requestField(issue.field), message: issue.message }));
}

function requestField(field: string): string {
  if (field === 'gates' || field.startsWith('gates[') || field.startsWith('gates.')) return `stages${field.slice('gates'.length)}`;
  if (field.startsWith('cost_profile')) return 'budget_usd';
  // Catalogue fields come from the template; point at it so the creator knows where to fix them.
  if (['workflow', 'name', 'description', 'type', 'depth', 'tags', 'what_you_get', 'estimated_time', 'featured', 'sort_order'].some((f) => field === f || field.startsWith(`${f}[`))) {
    return `template.${field === 'workflow' ? 'slug' : field}`;
  }
  return field || 'body';
}
