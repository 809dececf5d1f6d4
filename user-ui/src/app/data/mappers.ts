import type {
  Artifact,
  CostProfile,
  Run,
  RunDetail,
  RunGate,
  Spec,
  SpecSummary,
  WorkflowDetail as ApiWorkflowDetail,
  WorkflowTemplate,
} from '@esy/api-client';
import { readIntentSchema } from '../intake/intent-field';
import { toStepStatus } from '../runs/run-progress';
import { bool, numOrNull, obj, str, type Loose } from './read';
import type { ArtifactFile, CostView, RunDetailView, RunStepView, RunSummary, SpecStep, SpecView, WorkflowCard, WorkflowDetail } from './view-models';

/**
 * API answers (generated types) → the view models pages use. Typed on the API side, so a renamed or removed field
 * is a compile error here; the JSON columns the API types loosely (intent schema, stages, QA) are read carefully.
 */

export function toWorkflowCard(t: WorkflowTemplate): WorkflowCard {
  return {
    slug: t.slug,
    name: t.name,
    description: t.description,
    type: t.type,
    depth: t.depth,
    tags: t.tags ?? [],
    whatYouGet: t.what_you_get ?? [],
    estimatedTime: t.estimated_time,
    stepCount: t.step_count,
    featured: t.featured,
  };
}

export function toWorkflowDetail(detail: ApiWorkflowDetail): WorkflowDetail {
  return { ...toWorkflowCard(detail), spec: detail.active_spec ? toSpecView(detail.active_spec, detail) : null };
}

function toSpecStep(raw: Loose, index: number): SpecStep {
  const estimates = obj(raw['estimates']);
  return {
    gateId: str(raw['gate'], `step-${index + 1}`),
    name: str(raw['name'], str(raw['gate'])),
    phase: str(raw['phase']),
    estimateS: numOrNull(estimates['duration_s']),
    conditional: typeof raw['condition'] === 'string' && raw['condition'] !== '',
  };
}

function toCost(cost: CostProfile | undefined): CostView | null {
  if (!cost) return null;
  return { budgetUsd: cost.budget_usd ?? null, minUsd: cost.min_usd ?? null, typicalUsd: cost.typical_usd ?? null, maxUsd: cost.max_usd ?? null };
}

/** A full spec, or a summary from the list (which has no stages, intake form or cost). */
export function toSpecView(spec: Spec | SpecSummary, template?: Pick<WorkflowTemplate, 'name' | 'slug'>): SpecView {
  const full: Partial<Spec> = 'stages' in spec ? spec : {};
  const owner = spec.template ?? template;
  const qa = obj(full.qa_config);
  return {
    id: spec.id,
    version: spec.version,
    templateName: owner?.name ?? null,
    templateSlug: owner?.slug ?? null,
    artifactType: spec.artifact_type,
    outputFormats: spec.output_formats ?? [],
    intentFields: readIntentSchema(full.intent_schema),
    steps: (full.stages ?? []).map((stage, index) => toSpecStep(obj(stage), index)),
    qa: {
      maxAttempts: numOrNull(qa['max_attempts']),
      networkChecks: bool(qa['network_checks']),
      blockingWarnings: bool(qa['blocking_warnings']),
      escalateOnRetry: bool(qa['escalate_on_retry']),
    },
    guarantees: full.output_guarantees ?? [],
    cost: toCost(full.cost_profile),
    createdAt: spec.created_at ?? null,
    active: spec.active !== false,
  };
}

export function toRunSummary(run: Run): RunSummary {
  return {
    id: run.id,
    title: run.display_name || run.project_slug,
    projectSlug: run.project_slug,
    templateName: run.template?.name ?? null,
    templateSlug: run.template?.slug ?? null,
    templateType: run.template?.type ?? null,
    status: run.status,
    totalSteps: run.total_gates,
    doneSteps: run.passed_gates + (run.skipped_gates ?? 0),
    simulated: run.simulated,
    createdAt: run.created_at,
    completedAt: run.completed_at,
  };
}

function toRunStep(gate: RunGate): RunStepView {
  return {
    gateId: gate.gate_id,
    name: gate.gate_name,
    phase: gate.phase,
    order: gate.gate_order,
    status: toStepStatus(gate.status),
    attempt: Math.max(1, gate.attempt_number),
    maxAttempts: gate.max_attempts,
    startedAt: gate.started_at,
    durationMs: gate.duration_ms,
  };
}

export function toRunDetail(detail: RunDetail): RunDetailView {
  const run = detail.run;
  return {
    ...toRunSummary(run),
    intent: run.intent ?? {},
    steps: [...detail.gates].sort((a, b) => a.gate_order - b.gate_order).map(toRunStep),
    pauseReason: run.pause_reason,
    failureReason: run.error_message,
    startedAt: run.started_at,
    specId: run.spec_id,
    lastEventId: detail.last_event_id ?? 0,
    spec: detail.spec ? toSpecView(detail.spec, detail.template) : null,
  };
}

export function toArtifactFile(artifact: Artifact): ArtifactFile {
  return {
    id: artifact.id,
    path: artifact.file_path,
    name: artifact.file_name || artifact.file_path.split('/').pop() || artifact.file_path,
    contentType: artifact.content_type,
    sizeBytes: artifact.size_bytes,
    sha256: artifact.content_hash,
    createdAt: artifact.created_at,
  };
}
