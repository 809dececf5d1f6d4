import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadAppConfig } from '../src/config/app-config';
import { ENV_VARIABLES } from '../src/config/env.variables';

const ROOT = join(__dirname, '..', '..');

/** Starts the real entry point (TypeScript sources through SWC) and returns how it ended. */
function startApi(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', './backend/tools/swc-register.cjs', 'backend/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe('configuration', () => {
  it('starts from defaults alone on this machine', () => {
    const config = loadAppConfig({ NODE_ENV: 'test' });
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/esy');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http).toMatchObject({ port: 3000, bodyLimitBytes: 1024 * 1024 });
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.credentialsKey).toHaveLength(32);
    expect(config.admin).toEqual({ email: 'admin@esy.local', password: null });
  });

  it.each([
    [{ DATABASE_URL: 'nonsense' }, 'Invalid configuration: DATABASE_URL must be a postgres:// URL'],
    [{ DATABASE_URL: 'mysql://localhost/esy' }, 'Invalid configuration: DATABASE_URL must be a postgres:// URL'],
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT must be a whole number between 1 and 65535'],
    [{ REDIS_URL: 'localhost:6379' }, 'Invalid configuration: REDIS_URL must be a redis:// URL'],
    [{ BODY_LIMIT: 'huge' }, 'Invalid configuration: BODY_LIMIT must be a size such as 512kb, 1mb or a number of bytes'],
    [{ CREDENTIALS_KEY: 'c2hvcnQ=' }, 'Invalid configuration: CREDENTIALS_KEY must be the base64 encoding of exactly 32 bytes'],
    [{ NODE_ENV: 'production' }, 'Invalid configuration: JWT_SECRET is required when NODE_ENV=production'],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) },
      'Invalid configuration: CREDENTIALS_KEY is required when NODE_ENV=production',
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadAppConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigError);
    expect(() => loadAppConfig({ NODE_ENV: 'test', ...env })).toThrow(message);
  });

  it('documents every variable with a description', () => {
    const names = ENV_VARIABLES.map((variable) => variable.name);
    expect(new Set(names).size).toBe(names.length);
    for (const variable of ENV_VARIABLES) expect(variable.description.length).toBeGreaterThan(10);
  });

  it('the API process exits non-zero with one line naming DATABASE_URL when it is malformed', () => {
    const { code, output } = startApi({ DATABASE_URL: 'nonsense' });
    expect(code).not.toBe(0);
    expect(output).toBe('Invalid configuration: DATABASE_URL must be a postgres:// URL');
  });

  it('the API process refuses to start in production without secrets', () => {
    const { code, output } = startApi({ NODE_ENV: 'production' });
    expect(code).not.toBe(0);
    expect(output).toBe('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  });
});
