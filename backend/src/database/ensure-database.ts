import { Client } from 'pg';

/** PostgreSQL's "database does not exist". */
const INVALID_CATALOG_NAME = '3D000';

/**
 * Creates the database named in `url` when it does not exist yet, so a fresh machine starts with the defaults
 * alone. Other failures (server down, wrong password) are left for the real connection to report.
 */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) return false;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  target.pathname = '/postgres';
  const admin = new Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    // Another instance created it meanwhile.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await admin.end();
  }
}
