import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { type AppConfig, loadAppConfig } from '../../src/config/app-config';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_ADMIN_EMAIL = 'admin@test.esy';
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

/** Environment of a test app: fast argon2, silent logs, a known admin. Anything here can be overridden. */
export function testEnvironment(databaseUrl: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    ADMIN_EMAIL: TEST_ADMIN_EMAIL,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    // Suites share 127.0.0.1 and one Redis: limits far above any suite's traffic (rate-limit tests set their own).
    RATE_LIMIT_USER: '1000000',
    RATE_LIMIT_API_KEY: '1000000',
    RATE_LIMIT_IP: '1000000',
    ...overrides,
  };
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: TestDatabase;
  /** A supertest agent on the running app: `t.http.get('/api/auth/me')`. */
  http: TestAgent;
  /** Closes the app; drops the database too when startTestApp created it. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Use this database (not dropped by close()); by default a fresh one is created and dropped. */
  db?: TestDatabase;
  /** Extra environment variables (e.g. BODY_LIMIT, LOGIN_RATE_LIMIT). */
  env?: Record<string, string>;
}

/**
 * Boots the real API (same module, pipes, filters, prefix as main.ts) on a fresh database: migrations run and the
 * seed happens exactly as in production. One boot per test file keeps suites fast.
 */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const ownsDatabase = !options.db;
  try {
    const config = loadAppConfig(testEnvironment(db.url, options.env));
    const app = await createApp(config);
    await app.init();
    return {
      app,
      config,
      db,
      http: request(app.getHttpServer()),
      async close() {
        await app.close();
        if (ownsDatabase) await db.drop();
      },
    };
  } catch (error) {
    if (ownsDatabase) await db.drop();
    throw error;
  }
}
