/** Why an attempt failed. The contract validator contributes its own codes (MISSING_ARTIFACT, HEADING_MISMATCH, …). */
export const FAIL_CODES = {
  MAX_ROUNDS: 'MAX_ROUNDS',
  TOKEN_LIMIT: 'TOKEN_LIMIT',
  BUDGET_EXCEEDED: 'BUDGET_EXCEEDED',
  TIMEOUT: 'TIMEOUT',
  MODEL_ERROR: 'MODEL_ERROR',
  CANCELLED: 'CANCELLED',
  WORKER_LOST: 'WORKER_LOST',
  CONTRACT_ERROR: 'CONTRACT_ERROR',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  AGENT_ERROR: 'AGENT_ERROR',
} as const;

export type EngineFailCode = (typeof FAIL_CODES)[keyof typeof FAIL_CODES];

/** Ways a tool loop can end early. */
export type LoopStopCode = 'MAX_ROUNDS' | 'TOKEN_LIMIT' | 'BUDGET_EXCEEDED' | 'TIMEOUT' | 'MODEL_ERROR' | 'CANCELLED';
