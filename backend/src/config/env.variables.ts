import { parseModelProfiles } from '@esy/orchestration';
import { z } from 'zod';

/**
 * Every environment variable the backend reads, with its default and what it expects. This table is the single
 * source for validation (app-config.ts) and for the README's configuration section (`npm run -s env:doc` style
 * printers can iterate it).
 */
export interface EnvVariable {
  name: string;
  /** The value used when the variable is unset; null = no default (see `description`). */
  default: string | null;
  description: string;
  schema: z.ZodType<unknown>;
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value in BOOLEAN_WORDS, 'must be true or false')
  .transform((value) => BOOLEAN_WORDS[value]);

function integer(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number between ${min} and ${max}`);
}

function urlWithScheme(schemes: string[], label: string) {
  return z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return schemes.includes(url.protocol) && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, `must be a ${label} URL`);
}

const SIZE_PATTERN = /^(\d+)\s*(b|kb|mb)?$/i;
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Parses `512kb`, `1mb`, `1048576` into bytes. */
export function parseByteSize(value: string): number | null {
  const match = SIZE_PATTERN.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()];
}

function decimalBetween(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `must be a number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a number between ${min} and ${max}`);
}

/** `G3=2,G5=1` (or `G3:2`): gate id → attempts the simulator fails on purpose. */
export function parseGateFailures(value: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([A-Za-z][\w.-]*)(?:\s*[=:]\s*(\d+))?$/.exec(entry);
    if (!match) return null;
    out[match[1]] = match[2] === undefined ? 1 : Number(match[2]);
  }
  return out;
}

/** `G3=0.5,G6=1`: gate → failure rate (0–1); null when malformed. */
export function parseGateRates(value: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([A-Za-z][\w.-]*)\s*[=:]\s*(\d+(?:\.\d+)?)$/.exec(entry);
    if (!match || Number(match[2]) > 1) return null;
    out[match[1]] = Number(match[2]);
  }
  return out;
}

/** `anthropic=4,openai=8,default=8`: provider → most calls in flight (1-1000). */
export function parseProviderLimits(value: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([A-Za-z][\w.-]*)\s*[=:]\s*(\d+)$/.exec(entry);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 1000) return null;
    out[match[1]] = Number(match[2]);
  }
  return out;
}

const optionalSecret = (message: string, check: (value: string) => boolean) =>
  z.string().trim().refine(check, message).optional();

function isBase64Key(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

export const ENV_VARIABLES = [
  {
    name: 'NODE_ENV',
    default: 'development',
    description: '`development`, `production` or `test`. Production requires JWT_SECRET and CREDENTIALS_KEY.',
    schema: z.enum(['development', 'production', 'test'], { message: 'must be development, production or test' }),
  },
  { name: 'HOST', default: '0.0.0.0', description: 'Interface the HTTP API listens on.', schema: z.string().trim().min(1, 'must not be empty') },
  { name: 'PORT', default: '3000', description: 'HTTP port of the API.', schema: integer(1, 65535) },
  {
    name: 'DATABASE_URL',
    default: 'postgres://postgres@127.0.0.1:5432/esy',
    description: 'PostgreSQL connection URL. A missing database is created at start-up; tables come from migrations.',
    schema: urlWithScheme(['postgres:', 'postgresql:'], 'postgres://'),
  },
  { name: 'DATABASE_POOL_SIZE', default: '10', description: 'Maximum PostgreSQL connections per process.', schema: integer(1, 200) },
  {
    name: 'DATABASE_MIGRATIONS_RUN',
    default: 'true',
    description: 'Apply pending migrations at start-up (under an advisory lock, so parallel instances migrate once).',
    schema: booleanFlag,
  },
  {
    name: 'REDIS_URL',
    default: 'redis://127.0.0.1:6379',
    description: 'Redis connection URL (queues, live events, readiness).',
    schema: urlWithScheme(['redis:', 'rediss:'], 'redis://'),
  },
  {
    name: 'JWT_SECRET',
    default: null,
    description:
      'Secret signing access tokens, at least 32 characters. Required in production; in development one is generated once and kept in `tmp/dev-secrets.json`.',
    schema: optionalSecret('must be at least 32 characters', (value) => value.length >= 32),
  },
  { name: 'JWT_ACCESS_TTL_SECONDS', default: '900', description: 'Lifetime of an access token.', schema: integer(30, 86_400) },
  { name: 'REFRESH_TOKEN_TTL_DAYS', default: '30', description: 'Lifetime of a refresh token (every refresh issues a new one).', schema: integer(1, 365) },
  {
    name: 'CREDENTIALS_KEY',
    default: null,
    description:
      'Base64 of 32 random bytes: the AES-256-GCM key encrypting provider credentials (`openssl rand -base64 32`). Required in production; generated like JWT_SECRET in development.',
    schema: optionalSecret('must be the base64 encoding of exactly 32 bytes', isBase64Key),
  },
  {
    name: 'ADMIN_EMAIL',
    default: 'admin@esy.local',
    description: 'Email of the first administrator, created at start-up when no administrator exists.',
    schema: z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an email address' })),
  },
  {
    name: 'ADMIN_PASSWORD',
    default: null,
    description: 'Password of the first administrator (min. 8 characters). Unset: one is generated and printed once in the start-up log.',
    schema: z.string().min(8, 'must be at least 8 characters').optional(),
  },
  { name: 'ALLOW_REGISTRATION', default: 'true', description: 'Whether anyone may register a user account.', schema: booleanFlag },
  { name: 'ARGON2_MEMORY_KIB', default: '19456', description: 'argon2id memory cost (KiB) for password hashes.', schema: integer(1024, 4_194_304) },
  { name: 'ARGON2_TIME_COST', default: '2', description: 'argon2id iterations.', schema: integer(1, 20) },
  { name: 'ARGON2_PARALLELISM', default: '1', description: 'argon2id lanes.', schema: integer(1, 16) },
  { name: 'LOGIN_RATE_LIMIT', default: '10', description: 'Login attempts allowed per IP address and email per window.', schema: integer(1, 10_000) },
  { name: 'LOGIN_RATE_WINDOW_SECONDS', default: '60', description: 'Window of the login rate limit.', schema: integer(1, 86_400) },
  { name: 'RATE_LIMIT_WINDOW_SECONDS', default: '60', description: 'Window of the API rate limits (every route).', schema: integer(1, 86_400) },
  { name: 'RATE_LIMIT_USER', default: '1200', description: 'Requests per window for one signed-in user (all their sessions together).', schema: integer(1, 10_000_000) },
  { name: 'RATE_LIMIT_API_KEY', default: '600', description: 'Requests per window for one API key.', schema: integer(1, 10_000_000) },
  { name: 'RATE_LIMIT_IP', default: '300', description: 'Requests per window for one IP address without valid credentials (sign-in, public routes, failed authentication).', schema: integer(1, 10_000_000) },
  {
    name: 'REFRESH_REUSE_GRACE_SECONDS',
    default: '10',
    description:
      'Two tabs refreshing with the same refresh token within this many seconds both get the same new pair; after it, a second use is treated as theft and ends that login everywhere.',
    schema: integer(0, 120),
  },
  {
    name: 'PUBLIC_APP_URL',
    default: 'http://localhost:4200',
    description: 'Address of the user app as users reach it; password-reset links in emails point there.',
    schema: urlWithScheme(['http:', 'https:'], 'http(s)://'),
  },
  {
    name: 'PUBLIC_ADMIN_URL',
    default: 'http://localhost:4201',
    description:
      'Address of the admin console as administrators reach it. Single sign-on started there returns to `<PUBLIC_ADMIN_URL>/api/auth/sso/callback` (register it at the identity provider, with `<PUBLIC_APP_URL>/api/auth/sso/callback`).',
    schema: urlWithScheme(['http:', 'https:'], 'http(s)://'),
  },
  {
    name: 'PASSWORD_RESET_TTL_MINUTES',
    default: '30',
    description: 'How long an emailed password-reset link works (each link works once).',
    schema: integer(5, 1440),
  },
  {
    name: 'SMTP_HOST',
    default: null,
    description: 'Mail server for password-reset emails. Unset: no mail is sent and each reset link is written to the log at `warn` instead.',
    schema: z.string().trim().min(1, 'must not be empty').optional(),
  },
  { name: 'SMTP_PORT', default: '587', description: 'Port of the mail server (587 with STARTTLS, 465 with SMTP_TLS=true).', schema: integer(1, 65535) },
  {
    name: 'SMTP_TLS',
    default: 'false',
    description: 'true: connect with TLS from the start (port 465). false: upgrade with STARTTLS when the server offers it.',
    schema: booleanFlag,
  },
  { name: 'SMTP_USER', default: null, description: 'User name for the mail server (unset: no authentication).', schema: z.string().trim().min(1).optional() },
  { name: 'SMTP_PASSWORD', default: null, description: 'Password for the mail server.', schema: z.string().min(1).optional() },
  {
    name: 'SMTP_FROM',
    default: 'Esy <no-reply@esy.local>',
    description: 'Sender of the platform\'s emails, e.g. `Esy <no-reply@example.com>`.',
    schema: z.string().trim().min(3, 'must be an address such as Esy <no-reply@example.com>'),
  },
  {
    name: 'BODY_LIMIT',
    default: '1mb',
    description: 'Largest accepted request body (`512kb`, `1mb`, or bytes); larger bodies answer 413.',
    schema: z
      .string()
      .trim()
      .refine((value) => (parseByteSize(value) ?? 0) > 0, 'must be a size such as 512kb, 1mb or a number of bytes'),
  },
  {
    name: 'CORS_ORIGINS',
    default: 'http://localhost:4200,http://localhost:4201',
    description: 'Comma-separated origins allowed to call the API from a browser, or `*`.',
    schema: z
      .string()
      .trim()
      .refine(
        (value) => value === '*' || value.split(',').every((origin) => /^https?:\/\/[^\s/]+$/.test(origin.trim())),
        'must be * or comma-separated http(s)://host[:port] origins',
      ),
  },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    description: 'Express `trust proxy` (false, true, a hop count, or subnets) so client IPs are right behind a proxy.',
    schema: z.string().trim().min(1, 'must not be empty'),
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    description: 'fatal, error, warn, info, debug, trace or silent. Logs are JSON lines on stdout.',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  },
  { name: 'SWAGGER_ENABLED', default: 'true', description: 'Serve Swagger UI at /api/docs and the document at /api/docs-json.', schema: booleanFlag },
  {
    name: 'ORCHESTRATION_DIR',
    default: null,
    description: 'Directory with agents, contracts and workflows. Default: `orchestration/` of the workspace.',
    schema: z.string().trim().min(1, 'must not be empty').optional(),
  },
  { name: 'SEED_ON_START', default: 'true', description: 'Seed models, the first admin and workflows at start-up (idempotent).', schema: booleanFlag },
  {
    name: 'REDIS_KEY_PREFIX',
    default: 'esy',
    description:
      'Prefix of every Redis key and channel the platform uses (queue `<prefix>:gate-attempts`, live events `<prefix>:run-events`), so several installations or test suites can share one Redis.',
    schema: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be 1-40 letters, digits, dots, dashes or underscores'),
  },
  {
    name: 'SIMULATION_ENABLED',
    default: 'true',
    description:
      'Serve models whose provider has no credentials from the built-in simulator (runs and attempts are then flagged `simulated`). false: such runs fail with a clear MODEL_ERROR.',
    schema: booleanFlag,
  },
  { name: 'ESY_SIMULATOR_LATENCY_MS', default: '400', description: 'Simulated model latency per tool round, in milliseconds (0 for benchmarks).', schema: integer(0, 600_000) },
  {
    name: 'ESY_SIMULATOR_FAIL_RATE',
    default: '0',
    description: 'Probability (0–1) that a simulated attempt writes incomplete files, so its contract fails (demos of retries and pauses).',
    schema: decimalBetween(0, 1),
  },
  {
    name: 'ESY_SIMULATOR_FAIL_GATES',
    default: null,
    description:
      'Force simulated failures per gate: `G3=2,G5=1` fails the first 2 attempts of G3 and the first of G5 (`G3:2` works too). Attempts on a rerun with another model count on.',
    schema: z
      .string()
      .trim()
      .refine((value) => parseGateFailures(value) !== null, 'must look like G3=2,G5=1')
      .optional(),
  },
  {
    name: 'ESY_SIMULATOR_FAIL_GATE_RATES',
    default: null,
    description:
      'Simulated failure rate per gate, overriding ESY_SIMULATOR_FAIL_RATE there: `G3=0.5,G6=1` (0–1; deterministic per run, gate and attempt).',
    schema: z
      .string()
      .trim()
      .refine((value) => parseGateRates(value) !== null, 'must look like G3=0.5,G6=1 (rates from 0 to 1)')
      .optional(),
  },
  {
    name: 'ESY_SIMULATOR_MODEL_PROFILES',
    default: null,
    description:
      'Hidden quality per simulated model, for exercising auto routing without providers: `model[@gate]=passRate[:latencyMs]`, e.g. `claude-haiku-3.5=0.97:300,claude-haiku-3.5@G5=0.6` (first-attempt pass probability 0–1 and delay per round; deterministic per run, gate and attempt).',
    schema: z
      .string()
      .trim()
      .refine((value) => profilesParse(value), 'must look like model[@gate]=passRate[:latencyMs], e.g. claude-haiku-3.5=0.97:300,gpt-4o@G5=0.6')
      .optional(),
  },
  {
    name: 'ESY_SIMULATOR_STRIP_FIGURES',
    default: null,
    description:
      'Gates (`G6.6` or `G6.6,G7`) whose simulated HTML leaves out every drawn figure: a later stage undoing verified work, which the final integrity sweep catches (REGRESSED_AFTER_PASS). For demos and tests.',
    schema: z.string().trim().optional(),
  },
  { name: 'WORKER_CONCURRENCY', default: '4', description: 'Gate attempts one worker process runs at the same time.', schema: integer(1, 256) },
  {
    name: 'WORKER_SHUTDOWN_GRACE_MS',
    default: '30000',
    description:
      'On SIGTERM/SIGINT a worker stops taking jobs and lets running attempts finish for this long; attempts still running then are handed back to the queue (reset to pending) and run again elsewhere.',
    schema: integer(0, 3_600_000),
  },
  {
    name: 'WORKER_LEASE_MS',
    default: '60000',
    description:
      'How long a running attempt stays claimed without a heartbeat (heartbeats every quarter of it). A worker that dies loses its attempts after this; they fail with WORKER_LOST and are retried.',
    schema: integer(1000, 3_600_000),
  },
  {
    name: 'INFRA_RETRY_LIMIT',
    default: '10',
    description:
      'Retries per gate of attempts ended by infrastructure (WORKER_LOST, STORAGE_UNAVAILABLE, PROVIDER_UNAVAILABLE) within INFRA_RETRY_WINDOW_MS; they never count toward max_attempts. Spent: the run pauses with INFRA_RETRIES_EXHAUSTED. The settings key infra_retry_limit overrides it.',
    schema: integer(0, 1000),
  },
  {
    name: 'INFRA_RETRY_WINDOW_MS',
    default: '1800000',
    description: 'The window in which a gate\'s infrastructure retries are counted (30 min).',
    schema: integer(1000, 86_400_000),
  },
  {
    name: 'INFRA_RETRY_BACKOFF_MS',
    default: '1000',
    description: 'Wait before the first infrastructure retry; doubled for each further one in a row, up to INFRA_RETRY_BACKOFF_MAX_MS.',
    schema: integer(0, 3_600_000),
  },
  {
    name: 'INFRA_RETRY_BACKOFF_MAX_MS',
    default: '30000',
    description: 'Longest wait before an infrastructure retry.',
    schema: integer(0, 3_600_000),
  },
  {
    name: 'WORKER_RECOVERY_INTERVAL_MS',
    default: '30000',
    description: 'How often a worker looks for attempts whose lease expired and runs that stopped moving (also done at start-up).',
    schema: integer(200, 3_600_000),
  },
  {
    name: 'RUN_WORKER_IN_API',
    default: 'false',
    description: 'Also process gate attempts inside the API process (single-process installs). `npm start` runs a separate worker instead.',
    schema: booleanFlag,
  },
  {
    name: 'WORKER_TIMINGS_FILE',
    default: null,
    description: 'Benchmarks: append one JSON line per executed attempt (job time, model time, orchestration overhead, queue wait) to this file.',
    schema: z.string().trim().min(1, 'must not be empty').optional(),
  },
  {
    name: 'METRICS_PORT',
    default: null,
    description:
      'Serve Prometheus metrics at `http://<host>:<port>/metrics` from this process (API and worker alike), on a port of its own so it is never exposed with the API. Unset: no metrics endpoint.',
    schema: integer(1, 65535).optional(),
  },
  {
    name: 'METRICS_TOKEN',
    default: null,
    description: 'If set (min. 16 characters), /metrics answers only requests with `Authorization: Bearer <token>`.',
    schema: optionalSecret('must be at least 16 characters', (value) => value.length >= 16),
  },
  {
    name: 'PROVIDER_CONCURRENCY',
    default: null,
    description:
      'Most model calls in flight per provider and worker process: `anthropic=4,openai=8,default=8` (`default` applies to providers not listed; the simulator is unlimited unless listed). Unset: 8 per provider, or the limit stored with the provider.',
    schema: z
      .string()
      .trim()
      .refine((value) => parseProviderLimits(value) !== null, 'must look like anthropic=4,openai=8,default=8')
      .optional(),
  },
  {
    name: 'WEBHOOK_BLOCK_PRIVATE_ADDRESSES',
    default: null,
    description:
      'Refuse webhook URLs whose host is (or resolves to) a private, loopback or link-local address. Default: on when NODE_ENV=production, off otherwise.',
    schema: booleanFlag.optional(),
  },
  {
    name: 'WEBHOOK_RETRY_BASE_MS',
    default: '30000',
    description: 'First retry delay of a failed webhook delivery; each retry doubles it (13 attempts span about 34 hours).',
    schema: integer(10, 3_600_000),
  },
  { name: 'WEBHOOK_MAX_ATTEMPTS', default: '13', description: 'Delivery attempts per webhook event before it is marked failed.', schema: integer(1, 50) },
  { name: 'SSE_HEARTBEAT_MS', default: '15000', description: 'Interval of the comment lines that keep live event streams open through proxies.', schema: integer(100, 600_000) },
  {
    name: 'STREAM_TOKEN_TTL_SECONDS',
    default: '60',
    description: 'Lifetime of the tokens from `POST /api/runs/:id/stream-token` (for EventSource, which cannot send headers).',
    schema: integer(5, 3600),
  },
  {
    name: 'STREAM_TOKEN_RENEW_WINDOW_SECONDS',
    default: '3600',
    description:
      'How long after it expires a stream token can still be traded for a new one (`POST /api/runs/:id/stream-token/renew`), so a browser stream that dropped can resume without a session.',
    schema: integer(0, 604_800),
  },
] as const satisfies readonly EnvVariable[];

export type EnvName = (typeof ENV_VARIABLES)[number]['name'];

function profilesParse(value: string): boolean {
  try {
    parseModelProfiles(value);
    return true;
  } catch {
    return false;
  }
}
