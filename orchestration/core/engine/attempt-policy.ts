/**
 * Two budgets per gate (issue 19). `max_attempts` is the gate's *quality* budget: attempts the model got wrong.
 * An attempt ended by infrastructure — its worker died, PostgreSQL or Redis went away, the provider stayed down
 * after the adapter's own retries — says nothing about the model, so it is retried under a separate, larger
 * budget (with back-off), never counts toward max_attempts and never escalates the model. Only when that budget is
 * spent within its window does the run pause, with INFRA_RETRIES_EXHAUSTED.
 */
import { ModelCallError } from '../models/model-adapter';
import { FAIL_CODES } from './fail-codes';
import type { GateAttemptSummary } from './ports';

/** Fail codes that mean "the platform failed", not "the model failed". */
export const INFRASTRUCTURE_FAIL_CODES: readonly string[] = [FAIL_CODES.WORKER_LOST, FAIL_CODES.STORAGE_UNAVAILABLE, FAIL_CODES.PROVIDER_UNAVAILABLE];

export interface InfraRetryPolicy {
  /** Infrastructure retries a gate may use within `windowMs` before the run pauses. */
  limit: number;
  windowMs: number;
  /** First back-off; doubled for each further infrastructure failure in a row, up to `backoffMaxMs`. */
  backoffMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_INFRA_RETRY_POLICY: Readonly<InfraRetryPolicy> = {
  limit: 10,
  windowMs: 30 * 60_000,
  backoffMs: 1_000,
  backoffMaxMs: 30_000,
};

/**
 * True when the attempt failed because of the platform. A failure carrying an infrastructure code counts as one
 * even if validation failed too: files the model never got to write are missing because of the outage.
 */
export function isInfrastructureFailure(attempt: Pick<GateAttemptSummary, 'status' | 'failCodes'>): boolean {
  return attempt.status === 'failed' && attempt.failCodes.some((code) => INFRASTRUCTURE_FAIL_CODES.includes(code));
}

/** Node and driver error codes of a connection that failed or went away (PostgreSQL, Redis, any socket). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  // PostgreSQL: admin / crash shutdown, cannot connect now, too many connections
  '57P01', '57P02', '57P03', '53300',
]);
const CONNECTION_ERROR_MESSAGE = /connection terminated|connection is closed|terminating connection|connection (?:was )?(?:lost|refused|reset)|timeout exceeded when trying to connect|the database system is (?:starting up|shutting down|in recovery mode)|Reached the max retries per request|Stream isn't writeable|server closed the connection/i;

/**
 * The fail code for an error thrown out of an attempt (not a model or validation outcome): STORAGE_UNAVAILABLE
 * when it is a lost or refused connection (checked along the `cause` chain), PROVIDER_UNAVAILABLE for a provider
 * that stayed down, otherwise CONTRACT_ERROR (a bug or a bad spec).
 */
export function failCodeForError(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof ModelCallError && isProviderOutage(current)) return FAIL_CODES.PROVIDER_UNAVAILABLE;
    const { code, sqlState, name, message } = current as { code?: unknown; sqlState?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return FAIL_CODES.STORAGE_UNAVAILABLE;
    if (typeof sqlState === 'string' && sqlState.startsWith('08')) return FAIL_CODES.STORAGE_UNAVAILABLE;
    if (name === 'MaxRetriesPerRequestError') return FAIL_CODES.STORAGE_UNAVAILABLE;
    if (typeof message === 'string' && CONNECTION_ERROR_MESSAGE.test(message)) return FAIL_CODES.STORAGE_UNAVAILABLE;
  }
  return FAIL_CODES.CONTRACT_ERROR;
}

/** A provider error left after the adapter's retries that says the provider is down, not that the request was bad. */
export function isProviderOutage(error: ModelCallError): boolean {
  return error.kind === 'server_error' || error.kind === 'rate_limited';
}

export type InfraRetryDecision =
  | { retry: true; delayMs: number; used: number }
  | { retry: false; used: number };

/**
 * Whether a gate whose latest attempt failed by infrastructure gets another try, and after how long. Counts the
 * gate's infrastructure failures completed within the window, since the operator last stepped in (a rerun or a
 * resume starts a fresh budget). Back-off doubles with each infrastructure failure in a row.
 */
export function infraRetryDecision(gateAttempts: GateAttemptSummary[], now: Date, policy: InfraRetryPolicy): InfraRetryDecision {
  const newestFirst = [...gateAttempts].sort((a, b) => b.attemptNumber - a.attemptNumber);
  const since = now.getTime() - policy.windowMs;
  let used = 0;
  let inARow = 0;
  let streak = true;
  for (const attempt of newestFirst) {
    const infrastructure = isInfrastructureFailure(attempt);
    if (infrastructure && (attempt.completedAt?.getTime() ?? now.getTime()) >= since) used++;
    streak &&= infrastructure;
    if (streak) inARow++;
    if (attempt.trigger === 'rerun' || attempt.trigger === 'resume') break;
  }
  if (used > policy.limit) return { retry: false, used };
  const delayMs = Math.min(policy.backoffMaxMs, policy.backoffMs * 2 ** Math.max(0, inARow - 1));
  return { retry: true, delayMs, used };
}

/** Attempts of a gate that count against max_attempts: finished ones the model is answerable for. */
export function qualityAttempts(gateAttempts: GateAttemptSummary[]): GateAttemptSummary[] {
  return gateAttempts.filter((a) => (a.status === 'passed' || a.status === 'warning' || a.status === 'failed') && !isInfrastructureFailure(a));
}
