import type { IntentField } from '../intake/intent-field';
import type { RunStatus, StepStatus } from '../runs/run-progress';

/** What the pages show. The data services map API answers into these, so pages never depend on wire details. */

export type WorkflowType = 'visual-essay' | 'infographic' | 'research';
export type WorkflowDepth = 'quick' | 'standard' | 'deep';

export interface WorkflowCard {
  slug: string;
  name: string;
  description: string;
  type: string;
  depth: string;
  tags: string[];
  whatYouGet: string[];
  estimatedTime: string | null;
  stepCount: number;
  featured: boolean;
}

export interface SpecStep {
  gateId: string;
  name: string;
  phase: string;
  estimateS: number | null;
  /** Conditional steps only run for some briefs (e.g. a data-journalism mode). */
  conditional: boolean;
}

export interface SpecView {
  id: string;
  version: string;
  templateName: string | null;
  templateSlug: string | null;
  artifactType: string | null;
  outputFormats: string[];
  intentFields: IntentField[];
  steps: SpecStep[];
  qa: QaView;
  guarantees: string[];
  cost: CostView | null;
  createdAt: string | null;
  /** Whether new runs of the template use this version. */
  active: boolean;
}

export interface QaView {
  maxAttempts: number | null;
  networkChecks: boolean;
  blockingWarnings: boolean;
  escalateOnRetry: boolean;
}

export interface CostView {
  budgetUsd: string | null;
  minUsd: string | null;
  typicalUsd: string | null;
  maxUsd: string | null;
}

export interface WorkflowDetail extends WorkflowCard {
  spec: SpecView | null;
}

export interface RunSummary {
  id: string;
  title: string;
  /** Names the delivered files: the package's `deliverable/<slug>.html`. */
  projectSlug: string;
  templateName: string | null;
  templateSlug: string | null;
  templateType: string | null;
  status: RunStatus;
  totalSteps: number;
  doneSteps: number;
  simulated: boolean;
  createdAt: string;
  completedAt: string | null;
}

export interface RunStepView {
  gateId: string;
  name: string;
  phase: string;
  order: number;
  status: StepStatus;
  attempt: number;
  maxAttempts: number;
  startedAt: string | null;
  durationMs: number | null;
}

export interface RunDetailView extends RunSummary {
  intent: Record<string, unknown>;
  steps: RunStepView[];
  pauseReason: string | null;
  failureReason: string | null;
  startedAt: string | null;
  specId: string | null;
  /** Highest event id already reflected in this snapshot, when the API says so (0 otherwise). */
  lastEventId: number;
  spec: SpecView | null;
}

export interface ArtifactFile {
  id: string;
  path: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}
