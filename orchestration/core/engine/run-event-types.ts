/**
 * Every event a run's stream carries: SPEC section 9's types plus run_started, gate_retrying and operator_action.
 * A plain constant with no imports, so the web apps can share it through `@esy/api-client` (browsers'
 * EventSource only dispatches named events it has a listener for).
 */
export const RUN_EVENT_TYPES = [
  'run_started',
  'gate_started',
  'gate_output',
  'gate_passed',
  'gate_failed',
  'gate_warning',
  'gate_skipped',
  'gate_retrying',
  'run_paused',
  'run_resumed',
  'run_completed',
  'run_failed',
  'run_cancelled',
  'operator_action',
] as const;

export type RunEventType = (typeof RUN_EVENT_TYPES)[number];
