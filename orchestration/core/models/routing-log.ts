/**
 * Every routing decision for one attempt, in order, as stored on the attempt and shown in the admin run record:
 * which model and why, models skipped, escalation, each retry (delay and error), each fallback, simulation, and
 * the final failure if any. Plain JSON.
 */
import type { ModelCallError, ModelTier } from './model-adapter';

export type SelectionSource = 'rerun_override' | 'run_override' | 'stage_model' | 'auto' | 'agent_hint' | 'tier_default';

export type RoutingDecision =
  | { type: 'selected'; at: string; modelId: string; provider: string; source: SelectionSource; reason: string }
  | { type: 'skipped'; at: string; modelId: string; reason: string }
  | { type: 'escalated'; at: string; fromModelId: string; toModelId: string; fromTier: ModelTier; toTier: ModelTier; reason: string }
  | {
      type: 'retry';
      at: string;
      modelId: string;
      provider: string;
      /** The try that failed (1 = the first call). */
      attempt: number;
      delayMs: number;
      errorKind: ModelCallError['kind'];
      error: string;
      status?: number;
      retryAfterMs?: number;
    }
  | { type: 'fallback'; at: string; fromModelId: string; toModelId: string; reason: string }
  | { type: 'simulated'; at: string; modelId: string; provider: string; reason: string }
  | { type: 'failed'; at: string; modelId: string; provider: string; errorKind: ModelCallError['kind']; error: string };

export type RoutingLog = RoutingDecision[];

/** Distributes `Omit` over the union so each entry keeps its own fields. */
export type RoutingEntry = RoutingDecision extends infer D ? (D extends RoutingDecision ? Omit<D, 'at'> : never) : never;
