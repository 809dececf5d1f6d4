/** Why an attempt failed. The contract validator contributes its own codes (MISSING_ARTIFACT, HEADING_MISMATCH, …). */
export const FAIL_CODES = {
  MAX_ROUNDS: 'MAX_ROUNDS',
  TOKEN_LIMIT: 'TOKEN_LIMIT',
  BUDGET_EXCEEDED: 'BUDGET_EXCEEDED',
  TIMEOUT: 'TIMEOUT',
  MODEL_ERROR: 'MODEL_ERROR',
  CANCELLED: 'CANCELLED',
  WORKER_LOST: 'WORKER_LOST',
  /** PostgreSQL or Redis could not be reached while the attempt ran or was recorded. */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  /** The model provider stayed unavailable (5xx, rate limit, time-out) after the adapter's own retries. */
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  /** Run pause code: a gate lost more attempts to infrastructure than its infrastructure retry budget allows. */
  INFRA_RETRIES_EXHAUSTED: 'INFRA_RETRIES_EXHAUSTED',
  /** Run pause code: the final integrity sweep found a check that passed at its gate and fails in the final workspace. */
  REGRESSED_AFTER_PASS: 'REGRESSED_AFTER_PASS',
  CONTRACT_ERROR: 'CONTRACT_ERROR',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  AGENT_ERROR: 'AGENT_ERROR',
} as const;

export type EngineFailCode = (typeof FAIL_CODES)[keyof typeof FAIL_CODES];

/** Ways a tool loop can end early. */
export type LoopStopCode = 'MAX_ROUNDS' | 'TOKEN_LIMIT' | 'BUDGET_EXCEEDED' | 'TIMEOUT' | 'MODEL_ERROR' | 'PROVIDER_UNAVAILABLE' | 'CANCELLED';
