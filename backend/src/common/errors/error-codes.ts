/** Default error codes by HTTP status, used when an error carries no specific code. */
export const DEFAULT_ERROR_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function defaultCodeFor(status: number): string {
  return DEFAULT_ERROR_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'ERROR');
}

/**
 * Every `code` the API can answer, with its meaning: the `ErrorCode` enum of the OpenAPI document and the table in
 * the root README. Codes are stable; messages are for people and may change. Add a code here before throwing it
 * (error-codes.spec.ts fails on a thrown code missing from this list).
 */
export const ERROR_CODES = {
  BAD_REQUEST: 'The request could not be understood.',
  VALIDATION_FAILED: 'A field, query or path parameter is invalid; `details` names each one.',
  MALFORMED_JSON: 'The body is not valid JSON.',
  UNSUPPORTED_ENCODING: 'The body’s Content-Encoding is not supported.',
  UNSUPPORTED_CHARSET: 'The body’s charset is not supported.',
  UNAUTHORIZED: 'No credentials were sent.',
  INVALID_TOKEN: 'The access token is invalid or expired: refresh it.',
  INVALID_API_KEY: 'The API key is unknown, revoked or expired.',
  INVALID_CREDENTIALS: 'Wrong email or password.',
  INVALID_REFRESH_TOKEN: 'The refresh token is unknown, used or expired: sign in again.',
  REFRESH_TOKEN_REUSED: 'A refresh token was presented twice: every session of that login has been ended.',
  INVALID_STREAM_TOKEN: 'The stream token is invalid or expired: ask for a new one.',
  INVALID_RESET_TOKEN: 'The password-reset link is invalid, expired or already used: ask for a new one.',
  PASSWORD_CHANGE_REQUIRED: 'An administrator reset the password: choose a new one (POST /api/auth/password) before anything else.',
  ACCOUNT_DISABLED: 'The account has been disabled by an administrator.',
  FORBIDDEN: 'Authenticated, but this role may not do this.',
  INSUFFICIENT_SCOPE: 'The API key lacks the scope (read, write, admin) this route needs, or the route is for sessions only.',
  WORKFLOW_NOT_ALLOWED: 'The API key is limited to other workflows than this run’s (its `workflows`).',
  REGISTRATION_CLOSED: 'Self-registration is turned off on this install (or accounts come from single sign-on only).',
  LOCAL_PASSWORD_DISABLED: 'Password sign-in is turned off for non-administrators: sign in with the single sign-on provider.',
  INVALID_SSO_CODE: 'The single sign-on code is invalid, expired or already used: sign in again.',
  SSO_SETTINGS_INCOMPLETE: 'Single sign-on cannot be enabled without an issuer URL, a client id and a client secret.',
  SSO_DISCOVERY_FAILED: "The issuer's OpenID Connect discovery document could not be fetched or does not match the issuer URL.",
  SELF_LOCKOUT: 'An administrator cannot demote or disable their own account.',
  NOT_FOUND: 'The resource does not exist or is not yours.',
  METHOD_NOT_ALLOWED: 'The route does not accept this method.',
  NOT_ACCEPTABLE: 'The requested media type cannot be produced.',
  CONFLICT: 'The request conflicts with the current state.',
  EMAIL_TAKEN: 'An account with this email exists.',
  SLUG_TAKEN: 'A template with this slug exists.',
  MODEL_EXISTS: 'A model with this id exists.',
  VERSION_NOT_INCREASING: 'A published spec version must be higher than the template’s latest.',
  TEMPLATE_ARCHIVED: 'The template is archived: restore it first.',
  SPEC_HAS_NO_GATES: 'A spec must have at least one gate.',
  RUN_STATE_CONFLICT: 'The run is not in a state that allows this action (e.g. cancelling a finished run).',
  EXPERIMENT_FINISHED: 'The experiment has already finished.',
  NO_MODEL_FOR_PROVIDER: 'The provider has no active model to test with.',
  PAYLOAD_TOO_LARGE: 'The body is larger than the server accepts (BODY_LIMIT).',
  UNSUPPORTED_MEDIA_TYPE: 'The body’s Content-Type is not supported.',
  UNPROCESSABLE_ENTITY: 'The request is well-formed but cannot be processed.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used within 24 h for a different request.',
  IDEMPOTENCY_KEY_IN_USE: 'A request with this Idempotency-Key is still being processed: retry shortly.',
  TOO_MANY_REQUESTS: 'Rate limit reached: wait `Retry-After` seconds.',
  INTERNAL_ERROR: 'An unexpected server error (logged with the request id).',
  BAD_GATEWAY: 'An upstream service answered badly.',
  SERVICE_UNAVAILABLE: 'A dependency (database, Redis) is unavailable: retry later.',
  NOT_READY: 'The API is starting or shutting down: retry later.',
  CONTENT_UNAVAILABLE: 'Agent, contract or profile files could not be loaded; `details` lists each file.',
  GATEWAY_TIMEOUT: 'An upstream service did not answer in time.',
  ERROR: 'Any other client error.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;
