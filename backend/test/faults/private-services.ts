import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { freePort, waitFor } from '../ops-support/stack';

/**
 * PostgreSQL and Redis servers of one suite only — own port, own data directory — so a test can crash them and
 * bring them back without touching the shared services every other suite uses (never stop 5432 / 6379).
 */
abstract class PrivateServer {
  protected child: ChildProcess | null = null;
  protected log = '';

  protected constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  protected abstract spawnServer(): ChildProcess;
  protected abstract isUp(): Promise<boolean>;

  /** Starts the server and waits until it answers. */
  async start(): Promise<void> {
    const child = this.spawnServer();
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.log = (this.log + chunk).slice(-4000)));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.log = (this.log + chunk).slice(-4000)));
    await waitFor(`${this.constructor.name} on ${this.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${this.log}`);
      return this.isUp();
    }, 60_000, 100);
  }

  /** Kills the server the hard way (an outage, not a shutdown) and waits until it is gone. */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.kill(child);
    await exited;
    this.child = null;
  }

  protected kill(child: ChildProcess): void {
    child.kill('SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.crash();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A PostgreSQL cluster in a temporary directory, run as the `postgres` system user (it refuses root). */
export class PrivatePostgres extends PrivateServer {
  private readonly uid: number;
  private readonly gid: number;

  private constructor(port: number, dir: string) {
    super(port, dir);
    this.uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    this.gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'esy-private-pg-'));
    const server = new PrivatePostgres(await freePort(), dir);
    chmodSync(dir, 0o700);
    chownSync(dir, server.uid, server.gid);
    execFileSync('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], {
      uid: server.uid,
      gid: server.gid,
      stdio: 'ignore',
    });
    await server.start();
    return server;
  }

  /** The maintenance database URL (the API creates its own database on start). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  protected spawnServer(): ChildProcess {
    // fsync off: a crash of this throw-away server must be quick to recover, not durable.
    return spawn('postgres', ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'], {
      uid: this.uid,
      gid: this.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** SIGQUIT: the postmaster and every backend stop at once without a checkpoint (crash recovery on restart). */
  protected override kill(child: ChildProcess): void {
    child.kill('SIGQUIT');
  }

  protected async isUp(): Promise<boolean> {
    const client = new Client({ connectionString: this.url() });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async query<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

/** A Redis server without persistence: a crash loses the queue, as a lost Redis node would. */
export class PrivateRedis extends PrivateServer {
  static async create(): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'esy-private-redis-')));
    await server.start();
    return server;
  }

  url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected spawnServer(): ChildProcess {
    return spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  protected async isUp(): Promise<boolean> {
    const redis = new Redis(this.url(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  }
}
