import { randomBytes } from 'node:crypto';
import { CREDENTIALS_KEY_ENV, parseCredentialsKey, parseModelProfiles, type SimulatorModelProfile } from '@esy/orchestration';
import { ENV_VARIABLES, parseByteSize, parseGateFailures, parseGateRates, parseProviderLimits } from './env.variables';
import { readOrCreateDevSecret, workspaceRoot } from './dev-secrets';
import { join } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

/** The one typed configuration object of the backend, built once from the environment at start-up. */
export interface AppConfig {
  env: NodeEnv;
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    corsOrigins: string[] | '*';
    trustProxy: boolean | number | string;
    swaggerEnabled: boolean;
  };
  database: { url: string; poolSize: number; migrationsRun: boolean };
  /** `keyPrefix` namespaces the queue and the live-event channel. */
  redis: { url: string; keyPrefix: string };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    allowRegistration: boolean;
    argon2: { memoryCost: number; timeCost: number; parallelism: number };
    loginRateLimit: { limit: number; windowSeconds: number };
    /** Requests per window on every route, counted per API key, per user, or per IP when unauthenticated. */
    rateLimit: { windowSeconds: number; user: number; apiKey: number; ip: number };
    /** Concurrent refreshes of one token within this window share one successor (several tabs). */
    refreshReuseGraceSeconds: number;
    passwordResetTtlMinutes: number;
  };
  /** Where users reach the user app (links in emails). */
  publicAppUrl: string;
  /** Where administrators reach the admin console (single sign-on returns there). */
  publicAdminUrl: string;
  /** Outgoing mail; null host = log links instead of sending. */
  smtp: { host: string | null; port: number; tls: boolean; user: string | null; password: string | null; from: string };
  admin: { email: string; password: string | null };
  /** AES-256-GCM key for provider credentials (32 bytes). */
  credentialsKey: Buffer;
  log: { level: string };
  orchestrationDir: string;
  seedOnStart: boolean;
  /** The built-in simulator model provider (SPEC section 7). */
  simulator: {
    enabled: boolean;
    latencyMs: number;
    failRate: number;
    failGates: Record<string, number>;
    failGateRates: Record<string, number>;
    /** Hidden pass rate / latency per model (and gate), ESY_SIMULATOR_MODEL_PROFILES. */
    modelProfiles: Record<string, SimulatorModelProfile>;
    /** Gates whose simulated HTML drops its figures (ESY_SIMULATOR_STRIP_FIGURES), to exercise the integrity sweep. */
    stripFiguresAt: string[];
  };
  /** Gate-attempt workers (worker.ts, or the API with RUN_WORKER_IN_API). */
  worker: { concurrency: number; shutdownGraceMs: number; leaseMs: number; recoveryIntervalMs: number; runInApi: boolean; timingsFile: string | null };
  /** Retries of attempts ended by infrastructure (issue 19); the settings key infra_retry_limit overrides `limit`. */
  infraRetry: { limit: number; windowMs: number; backoffMs: number; backoffMaxMs: number };
  /** Live event streams (SSE). */
  events: { heartbeatMs: number; streamTokenTtlSeconds: number; streamTokenRenewWindowSeconds: number };
  /** Outbound webhooks: URL policy and the retry schedule (exponential from retryBaseMs). */
  webhooks: { blockPrivateAddresses: boolean; retryBaseMs: number; maxAttempts: number };
  /** Prometheus endpoint of this process (its own port; null = off) and its optional bearer token. */
  metrics: { port: number | null; token: string | null };
  /** Most model calls in flight per provider in this process (`default` for unlisted providers). */
  providerConcurrency: { default?: number; perProvider: Record<string, number> };
  /** Things worth a warning in the start-up log (e.g. generated development secrets). */
  warnings: string[];
}

/** A missing or malformed variable; the message is the single line printed before exiting. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
  ) {
    super(`Invalid configuration: ${variable} ${expectation}`);
    this.name = 'ConfigError';
  }
}

type RawValues = Record<string, unknown>;

function parseVariables(env: NodeJS.ProcessEnv): RawValues {
  const values: RawValues = {};
  for (const variable of ENV_VARIABLES) {
    const given = env[variable.name];
    // An empty variable counts as unset, as in most shells and compose files.
    const raw = given === undefined || given === '' ? (variable.default ?? undefined) : given;
    const result = variable.schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const expectation = raw === undefined ? 'is required' : (issue?.message ?? 'is invalid');
      throw new ConfigError(variable.name, expectation);
    }
    values[variable.name] = result.data;
  }
  return values;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * Builds the configuration from the environment, or throws ConfigError naming the first bad variable.
 * Secrets that production requires are generated in development (kept across restarts) and in tests (in memory).
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const v = parseVariables(env);
  const nodeEnv = v.NODE_ENV as NodeEnv;
  const warnings: string[] = [];

  const secret = (name: 'JWT_SECRET' | 'CREDENTIALS_KEY', generate: () => string): string => {
    const given = v[name] as string | undefined;
    if (given) return given;
    if (nodeEnv === 'production') throw new ConfigError(name, 'is required when NODE_ENV=production');
    if (nodeEnv === 'test') return generate();
    const { value, file } = readOrCreateDevSecret(name, generate);
    warnings.push(`${name} is not set; using a development value kept in ${file}. Set it explicitly in production.`);
    return value;
  };

  const jwtSecret = secret('JWT_SECRET', () => randomBytes(48).toString('base64url'));
  // Same variable and parser as the core's loadCredentialsKey (CLI), so both read one key the same way.
  const credentialsKeyText = secret(CREDENTIALS_KEY_ENV, () => randomBytes(32).toString('base64'));
  let credentialsKey: Buffer;
  try {
    credentialsKey = parseCredentialsKey(credentialsKeyText);
  } catch {
    throw new ConfigError(CREDENTIALS_KEY_ENV, 'must be the base64 encoding of exactly 32 bytes');
  }

  const corsRaw = v.CORS_ORIGINS as string;
  return {
    env: nodeEnv,
    http: {
      host: v.HOST as string,
      port: v.PORT as number,
      bodyLimitBytes: parseByteSize(v.BODY_LIMIT as string)!,
      corsOrigins: corsRaw === '*' ? '*' : corsRaw.split(',').map((origin) => origin.trim()),
      trustProxy: parseTrustProxy(v.TRUST_PROXY as string),
      swaggerEnabled: v.SWAGGER_ENABLED as boolean,
    },
    database: {
      url: v.DATABASE_URL as string,
      poolSize: v.DATABASE_POOL_SIZE as number,
      migrationsRun: v.DATABASE_MIGRATIONS_RUN as boolean,
    },
    redis: { url: v.REDIS_URL as string, keyPrefix: v.REDIS_KEY_PREFIX as string },
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: v.JWT_ACCESS_TTL_SECONDS as number,
      refreshTokenTtlDays: v.REFRESH_TOKEN_TTL_DAYS as number,
      allowRegistration: v.ALLOW_REGISTRATION as boolean,
      argon2: {
        memoryCost: v.ARGON2_MEMORY_KIB as number,
        timeCost: v.ARGON2_TIME_COST as number,
        parallelism: v.ARGON2_PARALLELISM as number,
      },
      loginRateLimit: { limit: v.LOGIN_RATE_LIMIT as number, windowSeconds: v.LOGIN_RATE_WINDOW_SECONDS as number },
      rateLimit: {
        windowSeconds: v.RATE_LIMIT_WINDOW_SECONDS as number,
        user: v.RATE_LIMIT_USER as number,
        apiKey: v.RATE_LIMIT_API_KEY as number,
        ip: v.RATE_LIMIT_IP as number,
      },
      refreshReuseGraceSeconds: v.REFRESH_REUSE_GRACE_SECONDS as number,
      passwordResetTtlMinutes: v.PASSWORD_RESET_TTL_MINUTES as number,
    },
    publicAppUrl: (v.PUBLIC_APP_URL as string).replace(/\/+$/, ''),
    publicAdminUrl: (v.PUBLIC_ADMIN_URL as string).replace(/\/+$/, ''),
    smtp: {
      host: (v.SMTP_HOST as string | undefined) ?? null,
      port: v.SMTP_PORT as number,
      tls: v.SMTP_TLS as boolean,
      user: (v.SMTP_USER as string | undefined) ?? null,
      password: (v.SMTP_PASSWORD as string | undefined) ?? null,
      from: v.SMTP_FROM as string,
    },
    admin: { email: v.ADMIN_EMAIL as string, password: (v.ADMIN_PASSWORD as string | undefined) ?? null },
    credentialsKey,
    log: { level: v.LOG_LEVEL as string },
    orchestrationDir: (v.ORCHESTRATION_DIR as string | undefined) ?? join(workspaceRoot(), 'orchestration'),
    seedOnStart: v.SEED_ON_START as boolean,
    simulator: {
      enabled: v.SIMULATION_ENABLED as boolean,
      latencyMs: v.ESY_SIMULATOR_LATENCY_MS as number,
      failRate: v.ESY_SIMULATOR_FAIL_RATE as number,
      failGates: parseGateFailures((v.ESY_SIMULATOR_FAIL_GATES as string | undefined) ?? '') ?? {},
      failGateRates: parseGateRates((v.ESY_SIMULATOR_FAIL_GATE_RATES as string | undefined) ?? '') ?? {},
      modelProfiles: parseModelProfiles((v.ESY_SIMULATOR_MODEL_PROFILES as string | undefined) ?? ''),
      stripFiguresAt: ((v.ESY_SIMULATOR_STRIP_FIGURES as string | undefined) ?? '').split(',').map((gate) => gate.trim()).filter(Boolean),
    },
    worker: {
      concurrency: v.WORKER_CONCURRENCY as number,
      shutdownGraceMs: v.WORKER_SHUTDOWN_GRACE_MS as number,
      leaseMs: v.WORKER_LEASE_MS as number,
      recoveryIntervalMs: v.WORKER_RECOVERY_INTERVAL_MS as number,
      runInApi: v.RUN_WORKER_IN_API as boolean,
      timingsFile: (v.WORKER_TIMINGS_FILE as string | undefined) ?? null,
    },
    infraRetry: {
      limit: v.INFRA_RETRY_LIMIT as number,
      windowMs: v.INFRA_RETRY_WINDOW_MS as number,
      backoffMs: v.INFRA_RETRY_BACKOFF_MS as number,
      backoffMaxMs: v.INFRA_RETRY_BACKOFF_MAX_MS as number,
    },
    events: {
      heartbeatMs: v.SSE_HEARTBEAT_MS as number,
      streamTokenTtlSeconds: v.STREAM_TOKEN_TTL_SECONDS as number,
      streamTokenRenewWindowSeconds: v.STREAM_TOKEN_RENEW_WINDOW_SECONDS as number,
    },
    webhooks: {
      blockPrivateAddresses: (v.WEBHOOK_BLOCK_PRIVATE_ADDRESSES as boolean | undefined) ?? nodeEnv === 'production',
      retryBaseMs: v.WEBHOOK_RETRY_BASE_MS as number,
      maxAttempts: v.WEBHOOK_MAX_ATTEMPTS as number,
    },
    metrics: { port: (v.METRICS_PORT as number | undefined) ?? null, token: (v.METRICS_TOKEN as string | undefined) ?? null },
    providerConcurrency: providerConcurrencyFrom((v.PROVIDER_CONCURRENCY as string | undefined) ?? ''),
    warnings,
  };
}

function providerConcurrencyFrom(value: string): AppConfig['providerConcurrency'] {
  const { default: fallback, ...perProvider } = parseProviderLimits(value) ?? {};
  return fallback === undefined ? { perProvider } : { default: fallback, perProvider };
}
