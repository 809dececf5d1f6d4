// The operator drills of the rehearsal: scale-out under load, a worker stopped mid-gate, backup and restore into a
// fresh stack, an upgrade from older images with live streams open.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { expectOk, openRunStream, type Auth, type EventStream } from '../../backend/test/ops-support/client';
import { waitFor } from '../../backend/test/ops-support/wait';
import { run, Stack } from './docker';
import { inventory, providerStatus, startRun, storeProviderKey, waitForRun, WORKFLOW } from './flows';

const RUN_TIMEOUT_MS = 15 * 60_000;

/** Gate attempts of a run, in gate order: gate, attempt, status, fail codes, worker id. */
function attempts(stack: Stack, runId: string): Array<{ gate: string; attempt: number; status: string; failCodes: string; worker: string }> {
  return stack
    .sql(`SELECT gate_id, attempt_number, status, fail_codes, worker_id FROM gate_executions WHERE run_id = '${runId}' ORDER BY gate_order, attempt_number`)
    .map((line) => {
      const [gate, attempt, status, failCodes, worker] = line.split('\t');
      return { gate, attempt: Number(attempt), status, failCodes, worker };
    });
}

/** Every gate passed exactly once, on its first attempt, with no error recorded. */
function assertEveryGatePassedOnce(stack: Stack, runId: string): number {
  const rows = attempts(stack, runId);
  const bad = rows.filter((row) => row.status !== 'passed' || row.attempt !== 1 || (row.failCodes && row.failCodes !== '{}'));
  const keys = new Set(rows.map((row) => `${row.gate}#${row.attempt}`));
  if (rows.length === 0 || bad.length > 0 || keys.size !== rows.length) throw new Error(`run ${runId}: attempts not each passed once: ${JSON.stringify(rows)}`);
  return rows.length;
}

/** Scales the workers to `workers` and runs `runs` runs at once; every run completes, spread over the workers. */
export async function scaleOut(stack: Stack, base: string, auth: Auth, workers: number, runs: number): Promise<{ seconds: number; workersUsed: number }> {
  stack.up(['--scale', `worker=${workers}`]);
  const running = stack.containers('worker').length;
  if (running !== workers) throw new Error(`${running} worker containers after scaling to ${workers}`);
  // The first run after scaling once failed with a refused connection on the user app's port (load average 30):
  // wait until the app and the API behind it answer again.
  await waitFor('the user app after scaling', async () => (await fetch(`${base}/api/health`)).ok, 120_000, 500);
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: runs }, () => startRun(base, auth, WORKFLOW.slug, WORKFLOW.intent)));
  const finished = await Promise.all(ids.map((id) => waitForRun(base, auth, id, undefined, RUN_TIMEOUT_MS)));
  const seconds = (performance.now() - started) / 1000;
  const notCompleted = finished.filter((detail) => detail.run.status !== 'completed');
  if (notCompleted.length) throw new Error(`${notCompleted.length} of ${runs} runs did not complete: ${notCompleted.map((d) => d.run.status).join(', ')}`);
  for (const id of ids) assertEveryGatePassedOnce(stack, id);
  const list = ids.map((id) => `'${id}'`).join(',');
  const workersUsed = Number(stack.sql(`SELECT count(DISTINCT split_part(worker_id, ':', 1)) FROM gate_executions WHERE run_id IN (${list})`)[0]);
  return { seconds, workersUsed };
}

/**
 * Stops (SIGTERM, `docker stop`) the worker container running one of a run's gates while the gate runs. The run
 * still completes, every gate recorded once, nothing failed; the worker's log says what it did with its attempts.
 */
export async function stopWorkerMidGate(stack: Stack, base: string, auth: Auth): Promise<{ gate: string; container: string; said: string; gates: number }> {
  const runId = await startRun(base, auth, WORKFLOW.slug, WORKFLOW.intent);
  const victim = await waitFor('a gate attempt running for a moment', async () => {
    const rows = stack.sql(`SELECT gate_id, worker_id FROM gate_executions WHERE run_id = '${runId}' AND status = 'running' AND started_at < now() - interval '300 milliseconds' LIMIT 1`);
    return rows[0]?.split('\t');
  }, RUN_TIMEOUT_MS, 100);
  const [gate, workerId] = victim;
  const hostname = workerId.split(':')[0];
  const container = stack.containers('worker').find((id) => id.startsWith(hostname));
  if (!container) throw new Error(`no worker container for ${workerId}`);
  // In the background: `docker stop` returns only when the worker has exited.
  const stopped = new Promise<void>((resolve, reject) => {
    const child = spawn('docker', ['stop', '--time', '50', container], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker stop exited with ${code}`))));
  });
  const detail = await waitForRun(base, auth, runId, undefined, RUN_TIMEOUT_MS);
  await stopped;
  if (detail.run.status !== 'completed') throw new Error(`run ${runId} ended ${detail.run.status} after its worker was stopped`);
  const gates = assertEveryGatePassedOnce(stack, runId);
  const log = run('docker', ['logs', container]).stdout + run('docker', ['logs', container]).stderr;
  const said = /Stopping on SIGTERM[^"\n]*|Handed back [^"\n]*/.exec(log)?.[0];
  if (!said) throw new Error(`worker ${container} did not log its graceful stop`);
  return { gate, container: container.slice(0, 12), said, gates };
}

const DRILL_PROVIDER = 'rehearsal-vault';

/** Decrypts the drill provider's stored key inside an API container with the given CREDENTIALS_KEY. */
function decryptInContainer(stack: Stack, credentialsKey: string): { ok: boolean; text: string } {
  const encrypted = stack.sql(`SELECT encrypted_api_key FROM provider_credentials WHERE provider = '${DRILL_PROVIDER}'`)[0];
  const script = [
    "const { decryptSecret } = require('./dist/backend/orchestration/core/models/credentials.js');",
    "const key = Buffer.from(process.env.DRILL_KEY, 'base64');",
    "try { process.stdout.write(decryptSecret(process.env.DRILL_SECRET, key)); } catch (e) { process.stdout.write(e.message); process.exit(3); }",
  ].join('\n');
  const result = stack.compose(['run', '--rm', '--no-deps', '-T', '-e', `DRILL_KEY=${credentialsKey}`, '-e', `DRILL_SECRET=${encrypted}`, 'api', 'node', '-e', script], { allowFail: true });
  return { ok: result.status === 0, text: result.stdout.trim() };
}

/**
 * pg_dump of a running install (completed runs, a stored provider key), restored as the README says into a fresh
 * stack with the same CREDENTIALS_KEY: the same runs, artifact hashes and key; another key fails clearly.
 */
export async function backupAndRestore(
  source: Stack,
  sourceAuth: Auth,
  target: Stack,
  login: (base: string) => Promise<Auth>,
  dumpFile: string,
): Promise<{ runs: number; artifacts: number; dumpBytes: number; restoreSeconds: number; wrongKey: string }> {
  const apiKey = `sk-rehearsal-${randomBytes(16).toString('hex')}`;
  await storeProviderKey(source.userUi, sourceAuth, DRILL_PROVIDER, apiKey);
  const before = await inventory(source.userUi, sourceAuth);

  // The README's backup command, on the running install.
  const bytes = source.composeBytes(['exec', '-T', 'postgres', 'pg_dump', '-U', source.env.POSTGRES_USER, '-Fc', source.env.POSTGRES_DB]);
  writeFileSync(dumpFile, bytes);

  // The README's restore: a fresh stack's database only, pg_restore, then everything else.
  const started = performance.now();
  target.up(['postgres']);
  target.compose(['exec', '-T', 'postgres', 'pg_restore', '-U', target.env.POSTGRES_USER, '-d', target.env.POSTGRES_DB, '--clean', '--if-exists'], { input: readFileSync(dumpFile) });
  target.up();
  const restoreSeconds = (performance.now() - started) / 1000;

  const auth = await login(target.adminUi);
  const after = await inventory(target.userUi, auth);
  if (JSON.stringify(sorted(after)) !== JSON.stringify(sorted(before))) throw new Error('the restored install lists other runs or artifact hashes than the backup');
  const status = await providerStatus(target.userUi, auth, DRILL_PROVIDER);
  if (!status?.usable || status.key_last_four !== apiKey.slice(-4)) throw new Error(`the restored provider key is not usable: ${JSON.stringify(status)}`);
  const same = decryptInContainer(target, target.env.CREDENTIALS_KEY);
  if (!same.ok || same.text !== apiKey) throw new Error('the restored key does not decrypt to the stored key with the same CREDENTIALS_KEY');
  const other = decryptInContainer(target, randomBytes(32).toString('base64'));
  if (other.ok || !/another key/.test(other.text)) throw new Error(`another CREDENTIALS_KEY did not fail clearly: ${other.text}`);
  const artifacts = Object.values(after).reduce((sum, entry) => sum + Object.keys(entry.artifacts).length, 0);
  return { runs: Object.keys(after).length, artifacts, dumpBytes: bytes.length, restoreSeconds, wrongKey: other.text };
}

function sorted<T>(record: Record<string, T>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * A stream that resumes after a drop from its last event id, as the apps' EventSource does; counts how often it
 * had to reconnect and checks no event is missed or repeated.
 */
export class ResumingStream {
  readonly ids: number[] = [];
  reconnects = 0;
  failedAttempts = 0;
  private done = false;
  readonly finished: Promise<string>;

  constructor(private readonly base: string, private readonly auth: Auth, private readonly runId: string) {
    this.finished = this.follow();
  }

  private async follow(): Promise<string> {
    for (let first = true; ; first = false) {
      let stream: EventStream;
      try {
        stream = await openRunStream(this.base, this.auth, this.runId, this.ids[this.ids.length - 1]);
        if (stream.status !== 200) throw new Error(`status ${stream.status}`);
      } catch {
        this.failedAttempts++;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (!first) this.reconnects++;
      const seen = new Set(this.ids);
      await stream.finished(RUN_TIMEOUT_MS).catch(() => 'error');
      for (const event of stream.events) {
        if (event.id !== null && !seen.has(event.id)) this.ids.push(event.id);
        else if (event.id !== null) throw new Error(`event ${event.id} came twice`);
        if (['run_completed', 'run_failed', 'run_cancelled'].includes(event.event)) this.done = true;
      }
      if (this.done) return stream.events[stream.events.length - 1].event;
    }
  }
}

/**
 * An upgrade: the stack runs older images with data and a live stream; new images replace them with several API
 * replicas starting together. Migrations are applied once, the data is intact, the stream resumes once.
 */
export async function upgrade(
  stack: Stack,
  newBackendImage: string,
  login: (base: string) => Promise<Auth>,
  apiReplicas: number,
): Promise<{ migrationsBefore: number; migrationsAfter: number; applied: number; reconnects: number; failedAttempts: number; runs: number; lastEvent: string; seconds: number }> {
  const auth = await login(stack.adminUi);
  const first = await startRun(stack.userUi, auth, WORKFLOW.slug, WORKFLOW.intent);
  await waitForRun(stack.userUi, auth, first, undefined, RUN_TIMEOUT_MS);
  const before = await inventory(stack.userUi, auth);
  const migrationsBefore = Number(stack.sql('SELECT count(*) FROM migrations')[0]);

  // A run in flight, followed live through the user app while the images change under it.
  const live = await startRun(stack.userUi, auth, WORKFLOW.slug, WORKFLOW.intent);
  const stream = new ResumingStream(stack.userUi, auth, live);
  await waitFor('the live run to pass a gate', async () => Number(stack.sql(`SELECT count(*) FROM gate_executions WHERE run_id = '${live}' AND status = 'passed'`)[0]) > 0, RUN_TIMEOUT_MS, 250);

  const started = performance.now();
  stack.composeEnv = { ...stack.composeEnv, ESY_BACKEND_IMAGE: newBackendImage };
  stack.up(['--scale', `api=${apiReplicas}`]);
  const seconds = (performance.now() - started) / 1000;

  const lastEvent = await stream.finished;
  const detail = await waitForRun(stack.userUi, auth, live, undefined, RUN_TIMEOUT_MS);
  if (detail.run.status !== 'completed') throw new Error(`the live run ended ${detail.run.status} across the upgrade`);
  const expected = Number(stack.sql(`SELECT count(*) FROM run_events WHERE run_id = '${live}'`)[0]);
  if (stream.ids.length !== expected) throw new Error(`the stream saw ${stream.ids.length} of the run's ${expected} events across the upgrade`);

  const migrations = stack.sql('SELECT name FROM migrations');
  if (new Set(migrations).size !== migrations.length) throw new Error('a migration was recorded twice');
  const applied = migrations.length - migrationsBefore;
  const after = await inventory(stack.userUi, await login(stack.adminUi));
  for (const [id, entry] of Object.entries(before)) {
    if (JSON.stringify(after[id]) !== JSON.stringify(entry)) throw new Error(`run ${id} changed across the upgrade`);
  }
  const replicas = stack.containers('api');
  const images = new Set(replicas.map((id) => run('docker', ['inspect', '--format', '{{.Config.Image}}', id]).stdout.trim()));
  if (replicas.length !== apiReplicas || images.size !== 1 || !images.has(newBackendImage)) throw new Error(`after the upgrade: ${replicas.length} API replicas on ${[...images].join(', ')}`);
  await expectOk(stack.userUi, 'GET', '/api/health/ready');
  return { migrationsBefore, migrationsAfter: migrations.length, applied, reconnects: stream.reconnects, failedAttempts: stream.failedAttempts, runs: Object.keys(after).length, lastEvent, seconds };
}
