// `npm run rehearse:docker`: the self-hosted install, rehearsed end to end with a real Docker engine (not part of
// `npm test`). Starts the engine if needed (and the offline base images if missing), builds the three images from
// the real Dockerfiles, starts docker/compose.yml from a fresh .env and, through the web apps' nginx ports only:
// registers, runs a workflow followed over SSE, checks the package's hashes, signs in as the first administrator,
// scales to 3 workers under 5 runs, stops a worker mid-gate; then a backup/restore drill and an upgrade drill.
// Prints a summary (also written to tmp/rehearsal/summary.txt) and removes its stacks.
//
//   npm run rehearse:docker -- [--skip-build] [--keep] [--upgrade-from <git revision>] [--no-upgrade] [--upgrade-only]
//   CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt npm run rehearse:docker      (behind a TLS-intercepting proxy)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../backend/test/ops-support/wait';
import { REPO_ROOT } from '../../backend/test/ops-support/build';
import { ensureEngine, freshSecrets, imageExists, imageSize, inspectImage, run, Stack, stopEngine, stream } from './docker';
import { backupAndRestore, killWorkerMidGate, scaleOut, stopWorkerMidGate, upgrade } from './drills';
import { adminSignIn, checkPackage, userJourney } from './flows';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);

const WORK = join(REPO_ROOT, 'tmp', 'rehearsal');
const IMAGES = ['esy-backend:latest', 'esy-user-ui:latest', 'esy-admin-ui:latest'];
const summary: Array<[string, string]> = [];
const stacks: Stack[] = [];

function note(step: string, result: string): void {
  summary.push([step, result]);
  console.log(`\n[rehearsal] ${step}: ${result}`);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * Worker settings of the first stack, for the worker drills: no shutdown grace and 2 s per simulated model round
 * (gates of ~6 s instead of ~1.5 s), so a SIGTERM mid-gate really hands a running attempt back (at the defaults the
 * simulated gate finished before the signal arrived); a 20 s lease and a 5 s recovery
 * sweep, so a killed worker's attempt is declared lost within seconds instead of a minute and a half.
 */
const WORKER_DRILL_SETTINGS = { WORKER_SHUTDOWN_GRACE_MS: '0', WORKER_LEASE_MS: '20000', WORKER_RECOVERY_INTERVAL_MS: '5000', ESY_SIMULATOR_LATENCY_MS: '2000' };

async function newStack(project: string, shared: Record<string, string> = freshSecrets(), composeEnv: Record<string, string> = {}): Promise<Stack> {
  const env = {
    ...shared,
    USER_UI_PORT: String(await freePort()),
    ADMIN_UI_PORT: String(await freePort()),
    CORS_ORIGINS: 'http://localhost',
    ...(process.env.CA_BUNDLE ? { CA_BUNDLE: process.env.CA_BUNDLE } : {}),
  };
  const stack = new Stack(project, WORK, { env: { POSTGRES_USER: 'esy', POSTGRES_DB: 'esy', ...env }, composeEnv });
  stack.down(); // leftovers of an interrupted rehearsal
  stacks.push(stack);
  return stack;
}

/**
 * The backend image of an older revision, built as that revision builds it: a `git worktree` of it and its own
 * Dockerfile (every revision since the offline build path takes NODE_IMAGE and the CA secret). Built once per commit.
 */
async function previousBackendImage(revision: string): Promise<string> {
  const commit = run('git', ['rev-parse', '--short', revision]).stdout.trim();
  const image = `esy-backend:${commit}`;
  if (imageExists(image)) return image;
  const tree = join(WORK, `tree-${commit}`);
  run('git', ['worktree', 'remove', '--force', tree], { allowFail: true });
  rmSync(tree, { recursive: true, force: true });
  run('git', ['worktree', 'add', '--detach', tree, commit]);
  try {
    const secret = process.env.CA_BUNDLE ? ['--secret', `id=ca,src=${process.env.CA_BUNDLE}`] : [];
    const version = JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')).version;
    await stream('nice', ['-n', '10', 'docker', 'build', '--network', 'host', ...secret, '--build-arg', `ESY_VERSION=${version}`, '--build-arg', `ESY_COMMIT=${commit}`, '-f', join(tree, 'docker', 'backend.Dockerfile'), '-t', image, tree]);
  } finally {
    run('git', ['worktree', 'remove', '--force', tree], { allowFail: true });
  }
  return image;
}

/** The backend image holds no development-only package and no TypeScript sources or tests. */
function checkBackendContent(): void {
  const devOnly = devOnlyPackages();
  const paths = [...devOnly.map((name) => `node_modules/${name}`), 'backend', 'orchestration/core', 'orchestration/test'];
  // The image has no shell: node itself lists what exists.
  const script = `const fs = require('fs'); console.log(${JSON.stringify(paths)}.filter((p) => fs.existsSync(p)).join(' '))`;
  const leftovers = run('docker', ['run', '--rm', '--network', 'none', IMAGES[0], 'node', '-e', script]).stdout.trim();
  if (leftovers) throw new Error(`the backend image holds build-time files: ${leftovers}`);
  note('backend image content', `none of the ${devOnly.length} development-only packages, no TypeScript sources or tests`);
}

/** devDependencies that no production dependency needs (`npm ls --omit=dev` does not list them). */
function devOnlyPackages(): string[] {
  const { devDependencies } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const production = new Set(
    run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { allowFail: true })
      .stdout.split('\n')
      .map((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1])
      .filter(Boolean),
  );
  return Object.keys(devDependencies).filter((name) => !production.has(name));
}

/**
 * The default revision to upgrade from: main just before the last commit on main (first parents) that added a
 * migration, so the upgrade applies at least one.
 */
function revisionBeforeNewestMigration(): string {
  const added = run('git', ['log', '--first-parent', '-1', '--format=%H', '--diff-filter=A', '--', 'backend/src/database/migrations']).stdout.trim();
  return `${added}^1`;
}

/**
 * A fresh install and what users and operators do with it: cold start, the user journey, the first administrator,
 * scale-out, the worker drills, then backup and restore into a second fresh stack.
 */
async function firstStackDrills(): Promise<void> {
  // ── a fresh install ──
  const stack = await newStack('esy-rehearsal', { ...freshSecrets(), ...WORKER_DRILL_SETTINGS });
  const secrets = stack.env;
  note('cold start', `every service healthy ${stack.up().toFixed(0)} s after \`docker compose up -d --wait\` on empty volumes`);
  const ps = stack.compose(['ps', '--format', '{{.Service}} {{.Health}}']).stdout.trim().split('\n').sort().join(', ');
  note('services', ps);

  const journey = await userJourney(stack.userUi);
  const pkg = await checkPackage(stack.userUi, journey.auth, journey.runId);
  note('user app (nginx)', `registered, ran ${'research-brief'} and followed it over SSE: ${journey.events} events, the last ${journey.lastEvent}; package ${pkg.files} files, ${(pkg.bytes / 1024).toFixed(0)} KB, every sha256 matches the manifest and the database`);
  const login = (base: string) => adminSignIn(base, secrets.ADMIN_EMAIL, secrets.ADMIN_PASSWORD);
  const admin = await login(stack.adminUi);
  note('admin console (nginx)', `served, and ${secrets.ADMIN_EMAIL} (first administrator, from .env) signed in`);

  const scale = await scaleOut(stack, stack.userUi, admin, 3, 5);
  note('scale-out', `3 workers, 5 runs at once: all completed in ${scale.seconds.toFixed(0)} s, on ${scale.workersUsed} workers, every gate passed once`);
  const stop = await stopWorkerMidGate(stack, stack.userUi, admin);
  note('SIGTERM mid-gate', `worker ${stop.container} stopped (docker stop) while running ${stop.gate}: "${stop.said}"; worker ${stop.finishedBy} ran it again under the same attempt number; the run completed, ${stop.gates} gates each passed once on attempt 1, no attempt failed, none left pending or recorded twice, no retry counted`);
  const kill = await killWorkerMidGate(stack, stack.userUi, admin);
  note('SIGKILL mid-gate', `worker ${kill.container} killed (docker kill) while running ${kill.gate}: that attempt ${kill.lost} (an infrastructure failure, not the model's); retry ${kill.retry}; the run completed ${kill.recoveredSeconds.toFixed(0)} s after the kill`);

  // ── backup and restore ──
  const restored = await newStack('esy-rehearsal-restore', { ...secrets });
  const drill = await backupAndRestore(stack, admin, restored, login, join(WORK, 'esy.dump'));
  note('backup/restore', `pg_dump ${(drill.dumpBytes / 1024).toFixed(0)} KB of the running install → fresh stack in ${drill.restoreSeconds.toFixed(0)} s: ${drill.runs} runs, ${drill.artifacts} artifact hashes and the stored provider key intact; same CREDENTIALS_KEY decrypts it, another fails: "${drill.wrongKey}"`);
  // Removing containers is slow with the vfs storage driver: the stacks are removed at the end, together.
  stack.compose(['stop', '--timeout', '60']);
  restored.compose(['stop', '--timeout', '60']);
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const engine = await ensureEngine();
  note('engine', `${run('docker', ['version', '--format', 'server {{.Server.Version}}, client {{.Client.Version}}']).stdout.trim()}${engine.startedByUs ? ' (started by the rehearsal)' : ''}`);
  try {
    const compose = run('docker', ['compose', 'version', '--short']).stdout.trim();
    note('compose', `Docker Compose ${compose}`);

    // ── images ──
    const baseScript = join(REPO_ROOT, 'docker', 'offline', 'build-base-images.sh');
    if (!flag('skip-build')) {
      await stream(baseScript, []); // builds only the stand-ins that are missing (none where Docker Hub images were pulled)
      const started = performance.now();
      await stream(join(REPO_ROOT, 'docker', 'build-images.sh'), []);
      note('build', `3 images from the real Dockerfiles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    for (const image of IMAGES) {
      const { user, labels, healthcheck } = inspectImage(image);
      if (!user || user === 'root' || user === '0' || !healthcheck || !labels['org.opencontainers.image.version'] || !labels['org.opencontainers.image.revision']) {
        throw new Error(`${image}: user "${user}", health check ${healthcheck}, labels ${JSON.stringify(labels)}`);
      }
      note(`image ${image}`, `${mb(imageSize(image))}, user ${user}, HEALTHCHECK, version ${labels['org.opencontainers.image.version']}, commit ${labels['org.opencontainers.image.revision']}`);
    }
    // The runtime image holds no development dependency (those outside the production tree) and no sources
    // (checked after each build: a container costs minutes with the vfs storage driver).
    if (!flag('skip-build')) checkBackendContent();

    if (!flag('upgrade-only')) await firstStackDrills();
    else note('first stack', 'skipped (--upgrade-only)');



    // ── upgrade ──
    if (!flag('no-upgrade')) {
      const from = option('upgrade-from') ?? revisionBeforeNewestMigration();
      const oldImage = await previousBackendImage(from);
      // 4 s per simulated model round: the live run lasts minutes, so its stream is open while the API is replaced.
      const upgraded = await newStack('esy-rehearsal-upgrade', { ...freshSecrets(), ESY_SIMULATOR_LATENCY_MS: '4000' }, { ESY_BACKEND_IMAGE: oldImage });
      upgraded.up();
      const result = await upgrade(upgraded, 'esy-backend:latest', (base) => adminSignIn(base, upgraded.env.ADMIN_EMAIL, upgraded.env.ADMIN_PASSWORD), 3);
      note(
        'upgrade',
        `${oldImage} (main before the last migration, built from a git worktree with its own Dockerfile), with ${result.runs - 1} completed run(s) and one live → esy-backend:latest with 3 API replicas starting together, ${result.seconds.toFixed(0)} s to healthy: ${result.applied} migration(s) (${result.newMigrations.join(', ')}) applied once by one process (migrations table ${result.migrationsBefore} → ${result.migrationsAfter} rows, no name twice); ${result.runs} runs and their artifact hashes intact; the live stream reconnected ${result.reconnects} time(s) (${result.failedAttempts} refused try/tries while no API answered) and ended with ${result.lastEvent}, no event missed or repeated`,
      );
    }
  } finally {
    if (!flag('keep')) for (const stack of stacks) stack.down();
    run('docker', ['image', 'prune', '-f'], { allowFail: true });
    if (engine.startedByUs && engine.pid && !flag('keep')) await stopEngine(engine.pid);
  }
}

main()
  .then(() => {
    const width = Math.max(...summary.map(([step]) => step.length));
    const text = `Rehearsal ${new Date().toISOString().slice(0, 16)}Z, commit ${run('git', ['rev-parse', '--short', 'HEAD']).stdout.trim()}\n${summary.map(([step, result]) => `  ${step.padEnd(width)}  ${result}`).join('\n')}\n`;
    writeFileSync(join(WORK, 'summary.txt'), text);
    console.log(`\n${text}\nPASSED (summary in tmp/rehearsal/summary.txt)`);
  })
  .catch((error) => {
    console.error(`\nrehearse:docker FAILED: ${error.stack ?? error}`);
    for (const stack of stacks) if (existsSync(stack.dir)) console.error(`  logs: docker compose -p ${stack.project} logs (with --keep)`);
    process.exitCode = 1;
  });
