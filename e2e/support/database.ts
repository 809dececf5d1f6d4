import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server every suite uses (SPEC: PostgreSQL on 127.0.0.1:5432, user postgres, trust auth). */
export const POSTGRES_ADMIN_URL = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function randomDatabaseName(): string {
  return `esy_e2e_${randomBytes(5).toString('hex')}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string): Promise<void> {
  if (!/^esy_e2e_[a-z0-9]+$/.test(name)) throw new Error(`refusing to create database "${name}": not an e2e name`);
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
}

/** Drops the suite's database, closing any connection a stopped process left behind. */
export async function dropDatabase(name: string): Promise<void> {
  if (!/^esy_e2e_[a-z0-9]+$/.test(name)) throw new Error(`refusing to drop database "${name}": not an e2e name`);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
