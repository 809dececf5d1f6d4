// The Docker engine and compose stacks as the rehearsal drives them: the real CLI (`docker`, `docker compose`) on
// the real compose file, one project directory (with its own .env) per stack.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../backend/test/ops-support/build';
import { waitFor } from '../../backend/test/ops-support/wait';

export const COMPOSE_FILE = join(REPO_ROOT, 'docker', 'compose.yml');
const DOCKERD_LOG = '/var/log/esy-rehearsal-dockerd.log';

export interface Output {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (stdout and stderr kept); throws with its stderr when it fails, unless `allowFail`. */
export function run(command: string, args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; allowFail?: boolean } = {}): Output {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, input: options.input, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const output = { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  if (output.status !== 0 && !options.allowFail) throw new Error(`${command} ${args.join(' ')} failed (${output.status}):\n${output.stderr.slice(-3000)}`);
  return output;
}

/** Runs a long command with its output shown as it comes (builds); throws when it fails. */
export function stream(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Starts dockerd when no engine answers (as the notes describe: vfs storage, no iptables, no default bridge). */
export async function ensureEngine(): Promise<{ startedByUs: boolean; pid?: number }> {
  if (run('docker', ['info', '--format', '{{.ServerVersion}}'], { allowFail: true }).status === 0) return { startedByUs: false };
  const log = openSync(DOCKERD_LOG, 'a');
  const daemon = spawn('dockerd', ['--storage-driver=vfs', '--iptables=false', '--bridge=none'], { detached: true, stdio: ['ignore', log, log] });
  daemon.unref();
  closeSync(log);
  await waitFor('the Docker engine', async () => run('docker', ['info'], { allowFail: true }).status === 0, 60_000, 500);
  return { startedByUs: true, pid: daemon.pid };
}

/** Stops a daemon this process started (SIGTERM; dockerd stops its containers first). */
export async function stopEngine(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  await waitFor('dockerd to exit', async () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, 60_000, 500);
}

export function imageSize(image: string): number {
  return Number(run('docker', ['image', 'inspect', '--format', '{{.Size}}', image]).stdout.trim());
}

export function imageExists(image: string): boolean {
  return run('docker', ['image', 'inspect', image], { allowFail: true }).status === 0;
}

export function inspectImage(image: string): { user: string; labels: Record<string, string>; healthcheck: boolean } {
  const config = JSON.parse(run('docker', ['image', 'inspect', '--format', '{{json .Config}}', image]).stdout);
  return { user: config.User ?? '', labels: config.Labels ?? {}, healthcheck: Boolean(config.Healthcheck?.Test?.length) };
}

export interface StackSettings {
  /** Values written into the stack's .env over the ones .env.example has. */
  env: Record<string, string>;
  /** Environment for compose's own interpolation (image tags). */
  composeEnv?: Record<string, string>;
}

/** One compose project of docker/compose.yml, with a fresh .env made from docker/.env.example. */
export class Stack {
  readonly dir: string;
  readonly env: Record<string, string>;
  composeEnv: Record<string, string>;

  constructor(readonly project: string, workDir: string, settings: StackSettings) {
    this.dir = join(workDir, project);
    mkdirSync(this.dir, { recursive: true });
    this.env = settings.env;
    this.composeEnv = settings.composeEnv ?? {};
    writeFileSync(join(this.dir, '.env'), envFile(settings.env));
  }

  get userUi(): string {
    return `http://127.0.0.1:${this.env.USER_UI_PORT}`;
  }

  get adminUi(): string {
    return `http://127.0.0.1:${this.env.ADMIN_UI_PORT}`;
  }

  compose(args: string[], options: { input?: string | Buffer; allowFail?: boolean } = {}): Output {
    // --project-directory: the stack's .env (compose interpolation and the services' env_file) is read from there.
    return run('docker', ['compose', '-f', COMPOSE_FILE, '--project-directory', this.dir, '-p', this.project, ...args], {
      ...options,
      env: { ...process.env, ...this.composeEnv },
    });
  }

  /** A compose command's stdout as bytes (pg_dump's custom format is binary). */
  composeBytes(args: string[]): Buffer {
    const result = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, '--project-directory', this.dir, '-p', this.project, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.composeEnv },
      maxBuffer: 1024 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`docker compose ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** `up -d --wait` (every service running and healthy); returns the seconds it took. */
  up(args: string[] = []): number {
    const started = performance.now();
    this.compose(['up', '-d', '--wait', ...args]);
    return (performance.now() - started) / 1000;
  }

  private postgresContainer: string | null = null;

  /**
   * One line of SQL as the database owner, in the postgres container; rows as tab-separated text. Through
   * `docker exec` (a second faster than `docker compose exec` on a loaded host: the worker drills poll with it).
   */
  sql(query: string): string[] {
    this.postgresContainer ??= this.containers('postgres')[0];
    const result = run('docker', ['exec', this.postgresContainer, 'psql', '-U', this.env.POSTGRES_USER, '-d', this.env.POSTGRES_DB, '-At', '-F', '\t', '-c', query], { allowFail: true });
    if (result.status !== 0) {
      this.postgresContainer = null; // recreated since: look it up again once
      const retry = this.compose(['exec', '-T', 'postgres', 'psql', '-U', this.env.POSTGRES_USER, '-d', this.env.POSTGRES_DB, '-At', '-F', '\t', '-c', query]);
      return retry.stdout.trim() ? retry.stdout.trim().split('\n') : [];
    }
    const out = result.stdout.trim();
    return out ? out.split('\n') : [];
  }

  /** Container ids of a service's replicas. */
  containers(service: string): string[] {
    return this.compose(['ps', '-q', service]).stdout.trim().split('\n').filter(Boolean);
  }

  logs(service: string): string {
    return this.compose(['logs', '--no-color', '--no-log-prefix', service]).stdout;
  }

  down(): void {
    this.compose(['down', '--volumes', '--remove-orphans', '--timeout', '60'], { allowFail: true });
  }
}

/** Secrets and settings of a fresh install (what the README asks an operator to fill in). */
export function freshSecrets(): Record<string, string> {
  return {
    POSTGRES_PASSWORD: randomBytes(18).toString('base64url'),
    JWT_SECRET: randomBytes(48).toString('base64'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    ADMIN_EMAIL: 'admin@rehearsal.esy',
    ADMIN_PASSWORD: `admin-${randomBytes(9).toString('base64url')}`,
    METRICS_TOKEN: randomBytes(24).toString('hex'),
  };
}

/** docker/.env.example with `values` filled in (replacing the example line, commented out or not, or appended). */
export function envFile(values: Record<string, string>): string {
  let text = readFileSync(join(REPO_ROOT, 'docker', '.env.example'), 'utf8');
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^(# )?${name}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, () => `${name}=${value}`) : `${text}${name}=${value}\n`;
  }
  return text;
}
