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

/** Waits until one of a run's gate attempts has been running for a moment; returns it and its worker container. */
async function attemptRunning(stack: Stack, runId: string): Promise<{ gate: string; attempt: number; workerId: string; container: string }> {
  const [gate, attempt, workerId] = await waitFor('a gate attempt running for a moment', async () => {
    const rows = stack.sql(`SELECT gate_id, attempt_number, worker_id FROM gate_executions WHERE run_id = '${runId}' AND status = 'running' AND started_at < now() - interval '300 milliseconds' LIMIT 1`);
    return rows[0]?.split('\t');
  }, RUN_TIMEOUT_MS, 100);
  const hostname = workerId.split(':')[0];
  const container = stack.containers('worker').find((id) => id.startsWith(hostname));
  if (!container) throw new Error(`no worker container for ${workerId}`);
  return { gate, attempt: Number(attempt), workerId, container };
}

/** No attempt of the run is left pending or running, and no (gate, attempt number) is recorded twice. */
function assertNothingOrphaned(stack: Stack, runId: string): ReturnType<typeof attempts> {
  const rows = attempts(stack, runId);
  const open = rows.filter((row) => row.status === 'running' || row.status === 'pending');
  const keys = new Set(rows.map((row) => `${row.gate}#${row.attempt}`));
  if (open.length || keys.size !== rows.length) throw new Error(`run ${runId}: orphaned or duplicate attempts: ${JSON.stringify(rows)}`);
  return rows;
}

/**
 * Stops (SIGTERM, `docker stop`) the worker container running one of a run's gates while the gate runs. The stack
 * runs with a short WORKER_SHUTDOWN_GRACE_MS, so the attempt is still running when the grace ends: the worker hands
 * it back (its row returns to pending, same attempt number) and another worker runs it in full. The run completes,
 * every gate passes exactly once on its first attempt (nothing failed, nothing counted against max_attempts, no
 * infrastructure retry needed), the handed-back attempt was finished by another worker, and nothing is left open.
 */
export async function stopWorkerMidGate(stack: Stack, base: string, auth: Auth): Promise<{ gate: string; container: string; said: string; gates: number; finishedBy: string }> {
  const runId = await startRun(base, auth, WORKFLOW.slug, WORKFLOW.intent);
  const victim = await attemptRunning(stack, runId);
  // In the background: `docker stop` returns only when the worker has exited.
  const stopped = new Promise<void>((resolve, reject) => {
    const child = spawn('docker', ['stop', '--time', '50', victim.container], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker stop exited with ${code}`))));
  });
  const detail = await waitForRun(base, auth, runId, undefined, RUN_TIMEOUT_MS);
  await stopped;
  if (detail.run.status !== 'completed') throw new Error(`run ${runId} ended ${detail.run.status} after its worker was stopped`);
  const gates = assertEveryGatePassedOnce(stack, runId);
  assertNothingOrphaned(stack, runId);
  const log = run('docker', ['logs', victim.container]).stdout + run('docker', ['logs', victim.container]).stderr;
  const ref = `${runId}/${victim.gate}#${victim.attempt}`;
  const said = /Stopping on SIGTERM[^"\n]*/.exec(log)?.[0];
  const handedBack = /Handed back \d+ attempt\(s\): [^"\n]*/.exec(log)?.[0];
  if (!said || !handedBack?.includes(ref)) throw new Error(`worker ${victim.container} did not stop gracefully and hand ${ref} back:\n${log.slice(-3000)}`);
  const finishedBy = attempts(stack, runId).find((row) => row.gate === victim.gate && row.attempt === victim.attempt)!.worker;
  if (finishedBy.split(':')[0] === victim.workerId.split(':')[0]) throw new Error(`${ref} was finished by the stopped worker itself`);
  const infra = (detail.gates as Array<{ infra_retries: number; attempts: number }>).filter((g) => g.infra_retries !== 0 || g.attempts !== 1);
  if (infra.length) throw new Error(`the hand-back shows as retries in the run record: ${JSON.stringify(infra)}`);
  return { gate: `${victim.gate}#${victim.attempt}`, container: victim.container.slice(0, 12), said: `${said}; ${handedBack.replace(runId, '<run>')}`, gates, finishedBy: finishedBy.split(':')[0].slice(0, 12) };
}

/**
 * Kills (SIGKILL, `docker kill`) the worker container running one of a run's gates: no hand-back is possible. When
 * the attempt's lease expires another worker fails it with WORKER_LOST, an infrastructure failure, and retries the
 * gate (trigger infra_retry). The run completes; the run record counts one infrastructure retry on that gate and no
 * model failure, and the retry did not spend the gate's max_attempts budget.
 */
export async function killWorkerMidGate(stack: Stack, base: string, auth: Auth): Promise<{ gate: string; container: string; recoveredSeconds: number; lost: string; retry: string }> {
  const runId = await startRun(base, auth, WORKFLOW.slug, WORKFLOW.intent);
  const victim = await attemptRunning(stack, runId);
  const killed = performance.now();
  run('docker', ['kill', '--signal', 'KILL', victim.container]);
  const detail = await waitForRun(base, auth, runId, undefined, RUN_TIMEOUT_MS);
  const recoveredSeconds = (performance.now() - killed) / 1000;
  if (detail.run.status !== 'completed') throw new Error(`run ${runId} ended ${detail.run.status} after its worker was killed`);
  const rows = assertNothingOrphaned(stack, runId);
  const lost = rows.find((row) => row.gate === victim.gate && row.attempt === victim.attempt)!;
  const retry = rows.find((row) => row.gate === victim.gate && row.attempt === victim.attempt + 1);
  const trigger = stack.sql(`SELECT "trigger" FROM gate_executions WHERE run_id = '${runId}' AND gate_id = '${victim.gate}' AND attempt_number = ${victim.attempt + 1}`)[0];
  if (lost.status !== 'failed' || !lost.failCodes.includes('WORKER_LOST')) throw new Error(`the killed attempt was not failed with WORKER_LOST: ${JSON.stringify(lost)}`);
  if (!retry || retry.status !== 'passed' || trigger !== 'infra_retry') throw new Error(`no passing infra_retry after the lost attempt: ${JSON.stringify(retry)} (${trigger})`);
  const others = rows.filter((row) => row !== lost && row.status !== 'passed');
  if (others.length) throw new Error(`other attempts did not pass: ${JSON.stringify(others)}`);
  const gate = (detail.gates as Array<{ gate_id: string; infra_retries: number; attempts: number; max_attempts: number; fail_codes: string[] }>).find((g) => g.gate_id === victim.gate)!;
  if (gate.infra_retries !== 1) throw new Error(`the run record shows ${gate.infra_retries} infrastructure retries on ${victim.gate}, not 1`);
  const maxBefore = Number(stack.sql(`SELECT max_attempts FROM gate_executions WHERE run_id = '${runId}' AND gate_id = '${victim.gate}' AND attempt_number = ${victim.attempt}`)[0]);
  const maxAfter = Number(stack.sql(`SELECT max_attempts FROM gate_executions WHERE run_id = '${runId}' AND gate_id = '${victim.gate}' AND attempt_number = ${victim.attempt + 1}`)[0]);
  if (maxAfter !== maxBefore + 1) throw new Error(`the infrastructure retry spent the gate's budget (max_attempts ${maxBefore} → ${maxAfter})`);
  return {
    gate: `${victim.gate}#${victim.attempt}`,
    container: victim.container.slice(0, 12),
    recoveredSeconds,
    lost: `failed ${lost.failCodes}`,
    retry: `#${victim.attempt + 1} trigger ${trigger}, passed; infra_retries 1, max_attempts ${maxBefore} → ${maxAfter} (not spent)`,
  };
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
): Promise<{ migrationsBefore: number; migrationsAfter: number; applied: number; newMigrations: string[]; reconnects: number; failedAttempts: number; runs: number; lastEvent: string; seconds: number }> {
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
  // Only the backend services: the web apps' nginx stays up (restarting it would drop the stream a second time).
  stack.up(['--no-deps', '--scale', `api=${apiReplicas}`, 'api', 'worker']);
  const seconds = (performance.now() - started) / 1000;

  const lastEvent = await stream.finished;
  const detail = await waitForRun(stack.userUi, auth, live, undefined, RUN_TIMEOUT_MS);
  if (detail.run.status !== 'completed') throw new Error(`the live run ended ${detail.run.status} across the upgrade`);
  assertNothingOrphaned(stack, live);
  const expected = Number(stack.sql(`SELECT count(*) FROM run_events WHERE run_id = '${live}'`)[0]);
  if (stream.ids.length !== expected) throw new Error(`the stream saw ${stream.ids.length} of the run's ${expected} events across the upgrade`);

  if (stream.reconnects !== 1) throw new Error(`the live stream reconnected ${stream.reconnects} times across the upgrade, not once`);

  // Exactly once: every migration name recorded once, the new ones recorded, and one process (of the API replicas
  // and workers that started together) says it applied them; the others found nothing left to do.
  const migrations = stack.sql('SELECT name FROM migrations');
  if (new Set(migrations).size !== migrations.length) throw new Error('a migration was recorded twice');
  const applied = migrations.length - migrationsBefore;
  if (applied < 1) throw new Error('the upgrade applied no migration: pick an older revision to upgrade from');
  const appliedBy = [...stack.containers('api'), ...stack.containers('worker')].filter((id) => /Applied migrations: /.test(run('docker', ['logs', id]).stdout));
  if (appliedBy.length !== 1) throw new Error(`${appliedBy.length} processes applied migrations during the upgrade, not 1`);
  const after = await inventory(stack.userUi, await login(stack.adminUi));
  for (const [id, entry] of Object.entries(before)) {
    if (JSON.stringify(after[id]) !== JSON.stringify(entry)) throw new Error(`run ${id} changed across the upgrade`);
  }
  const replicas = stack.containers('api');
  const images = new Set(replicas.map((id) => run('docker', ['inspect', '--format', '{{.Config.Image}}', id]).stdout.trim()));
  if (replicas.length !== apiReplicas || images.size !== 1 || !images.has(newBackendImage)) throw new Error(`after the upgrade: ${replicas.length} API replicas on ${[...images].join(', ')}`);
  await expectOk(stack.userUi, 'GET', '/api/health/ready');
  const newMigrations = stack.sql(`SELECT name FROM migrations ORDER BY id DESC LIMIT ${applied}`);
  return { migrationsBefore, migrationsAfter: migrations.length, applied, newMigrations, reconnects: stream.reconnects, failedAttempts: stream.failedAttempts, runs: Object.keys(after).length, lastEvent, seconds };
}
