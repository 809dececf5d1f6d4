/**
 * How a spec stage picks its model: `static` (the router's precedence, as always) or `auto` (learned from
 * evidence, see auto-decision.ts). Read from the stage's optional `routing` object in the workflow / spec.
 */
export type RoutingMode = 'static' | 'auto';

export interface StageRouting {
  mode: RoutingMode;
  /** Quality floor: the posterior's lower bound on first-attempt pass rate must reach this. Default 0.9. */
  target_pass_rate?: number;
  /** Optional latency ceiling per attempt, seconds (mean latency from the evidence). */
  max_latency_s?: number;
  /** Models auto routing may choose from (default: every active model). */
  candidates?: string[];
  /** Share of decisions that draw from the posteriors (Thompson sampling) once a model is trusted at the gate,
   * 0–0.5, default 0.5; it decays as the gate's trials grow (auto-decision.ts), and 0 switches exploration off. */
  exploration?: number;
}

export const DEFAULT_TARGET_PASS_RATE = 0.9;
export const DEFAULT_EXPLORATION_SHARE = 0.5;
export const MAX_EXPLORATION_SHARE = 0.5;

/** The stage's routing settings, or null for static routing (also for malformed values: static is always safe). */
export function stageRoutingOf(gate: object): StageRouting | null {
  const routing = (gate as { routing?: unknown }).routing as Partial<StageRouting> | undefined;
  if (!routing || typeof routing !== 'object' || routing.mode !== 'auto') return null;
  return routing as StageRouting;
}
