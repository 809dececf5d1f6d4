#!/usr/bin/env node
// Production builds of `npm start` (and of the browser e2e suite): the backend compiled by tsc into dist/backend,
// each web app by Angular into dist/<app>. A build is redone only when a source it depends on is newer than it.
//   node scripts/platform/builds.mjs [--force] backend user-ui admin-ui
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const bin = (tool) => join(ROOT, 'node_modules', '.bin', tool);

const SHARED_UI_INPUTS = ['libs/api-client/src', 'libs/ui-auth/src', 'libs/ui-kit/src', 'libs/ui-kit/styles', 'package-lock.json'];

/** What each build reads, where its output goes, and the file whose age says when it was last built. */
export const TARGETS = {
  backend: {
    inputs: ['backend/src', 'orchestration/core', 'backend/tsconfig.app.json', 'tsconfig.base.json', 'package-lock.json'],
    output: 'dist/backend',
    stamp: 'dist/backend/.built',
    // tsc + tsc-alias as `nx build backend` and the images do, into a fresh folder swapped in when complete.
    steps: (out) => [
      [bin('tsc'), ['-p', 'backend/tsconfig.app.json', '--outDir', out]],
      [bin('tsc-alias'), ['-p', 'backend/tsconfig.app.json', '--outDir', out]],
    ],
  },
  ...Object.fromEntries(
    ['user-ui', 'admin-ui'].map((app) => [
      app,
      {
        inputs: [`${app}/src`, `${app}/public`, `${app}/project.json`, `${app}/tsconfig.app.json`, ...SHARED_UI_INPUTS],
        output: `dist/${app}`,
        stamp: `dist/${app}/index.html`,
        steps: () => [[bin('nx'), ['build', app, '--skip-nx-cache', '--output-style=static']]],
        inPlace: true, // Angular writes dist/<app> itself
      },
    ]),
  ),
};

/** Newest modification time under the given paths (recursively; node_modules and documentation skipped). */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) if (entry !== 'node_modules' && !entry.endsWith('.md')) visit(join(path, entry));
  };
  paths.forEach((path) => visit(join(ROOT, path)));
  return newest;
}

export function isFresh(name) {
  const target = TARGETS[name];
  const stamp = join(ROOT, target.stamp);
  return existsSync(stamp) && statSync(stamp).mtimeMs > newestMtime(target.inputs);
}

/** One line that keeps counting while a build runs (a plain start and end line when output is not a terminal). */
function progress(label) {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  if (!process.stdout.isTTY) {
    console.log(`${label}…`);
    return { done: (ok) => console.log(`${label}: ${ok ? 'done' : 'FAILED'} in ${seconds()} s`) };
  }
  const draw = () => process.stdout.write(`\r${label}… ${seconds()} s`);
  draw();
  const timer = setInterval(draw, 1000);
  return {
    done: (ok) => {
      clearInterval(timer);
      process.stdout.write(`\r${label}: ${ok ? 'done' : 'FAILED'} in ${seconds()} s\n`);
    },
  };
}

/** The build step running now, stopped with `npm start` if it is interrupted. */
let running = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => running?.kill('SIGTERM'));

function runStep([command, args], log) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    running = child;
    child.once('exit', (code) => {
      running = null;
      resolve(code ?? 1);
    });
  });
}

/** Staging folders of builds whose process is gone (stopped half-way): removed before the next build. */
function forgetAbandonedBuilds(output) {
  const parent = join(ROOT, output, '..');
  const prefix = `${output.split('/').pop()}.next-`;
  for (const entry of existsSync(parent) ? readdirSync(parent) : []) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      // no such process
    }
    if (!alive) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

/** Builds `name` unless fresh (or `force`). Throws with the log's tail when the build fails. */
export async function ensureBuild(name, { force = false } = {}) {
  const target = TARGETS[name];
  if (!target) throw new Error(`unknown build ${name} (known: ${Object.keys(TARGETS).join(', ')})`);
  if (!force && isFresh(name)) return false;
  mkdirSync(join(ROOT, 'tmp', 'logs'), { recursive: true });
  const logFile = join(ROOT, 'tmp', 'logs', `build-${name}.log`);
  const log = createWriteStream(logFile);
  if (!target.inPlace) forgetAbandonedBuilds(target.output);
  const out = target.inPlace ? join(ROOT, target.output) : join(ROOT, `${target.output}.next-${process.pid}`);
  const line = progress(`Building ${name} (production; first start or sources changed)`);
  let code = 0;
  for (const step of target.steps(out)) {
    code = await runStep(step, log);
    if (code !== 0) break;
  }
  await new Promise((resolve) => log.end(resolve));
  line.done(code === 0);
  if (code !== 0) {
    if (!target.inPlace) rmSync(out, { recursive: true, force: true });
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-25).join('\n');
    throw new Error(`The production build of ${name} failed (exit ${code}); full log: ${logFile}\n${tail}`);
  }
  if (!target.inPlace) {
    writeFileSync(join(out, '.built'), new Date().toISOString());
    rmSync(join(ROOT, target.output), { recursive: true, force: true });
    renameSync(out, join(ROOT, target.output));
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  try {
    for (const name of args.filter((arg) => arg !== '--force')) await ensureBuild(name, { force });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
