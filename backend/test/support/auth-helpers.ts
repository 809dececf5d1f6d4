import { randomBytes } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from './test-app';

export interface Session {
  email: string;
  password: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
  /** `{ Authorization: 'Bearer …' }` */
  auth: { Authorization: string };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@example.test`;

interface TokensBody {
  user: { id: string };
  access_token: string;
  refresh_token: string;
}

function toSession(email: string, password: string, body: TokensBody): Session {
  return {
    email,
    password,
    userId: body.user.id,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    auth: bearer(body.access_token),
  };
}

/** Registers a new user through the API and returns their session. */
export async function registerUser(http: TestAgent, overrides: { email?: string; password?: string } = {}): Promise<Session> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? 'correct horse battery';
  const response = await http.post('/api/auth/register').send({ email, password }).expect(201);
  return toSession(email, password, response.body);
}

export async function login(http: TestAgent, email: string, password: string): Promise<Session> {
  const response = await http.post('/api/auth/login').send({ email, password }).expect(200);
  return toSession(email, password, response.body);
}

/** Logs in as the admin seeded from the test environment. */
export const loginAdmin = (http: TestAgent) => login(http, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
