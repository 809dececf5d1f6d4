import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { ROOT } from './paths';

/**
 * Starts a long-running process in its own process group, output to a log file. Its own group lets teardown
 * stop it together with anything it spawned, by its id only.
 */
export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): number {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new Error(`[e2e] could not start ${command} ${args.join(' ')}`);
  return child.pid;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the process group, SIGKILL after a grace period. */
export async function stopProcess(pid: number | undefined, graceMs = 5000): Promise<void> {
  if (!pid || !isRunning(pid)) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isRunning(pid)) await new Promise((r) => setTimeout(r, 100));
  if (isRunning(pid)) signal('SIGKILL');
}

/** Polls a URL until it answers 2xx; fails early if the process died, naming its log. */
export async function waitForHttp(url: string, pid: number, logFile: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (!isRunning(pid)) throw new Error(`[e2e] process for ${url} exited during start-up; see ${logFile}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`[e2e] ${url} not ready after ${timeoutMs / 1000} s (${lastError}); see ${logFile}`);
}
