// Redis for `npm start`: REDIS_URL when set; else whatever listens on the default port; else a private in-memory
// redis-server on that port, stopped with the platform; else one line saying what to install.
import { spawn } from 'node:child_process';
import { isListening, waitForPort } from './ports.mjs';
import { findOnPath, StartError, stopChild } from './processes.mjs';

export function missingRedisMessage(port) {
  return (
    `Redis is needed and none answers on 127.0.0.1:${port}: install it (apt-get install redis-server, or brew install redis), ` +
    `or run one with docker (docker run -d --name esy-redis -p 127.0.0.1:${port}:6379 redis:8-alpine), or set REDIS_URL.`
  );
}

/**
 * Decides where Redis comes from without starting anything, so a missing Redis stops `npm start` before any slow
 * step: `{ url }` to use as is, or `{ url, binary }` for a redis-server to start. Throws StartError otherwise.
 */
export async function planRedis(port) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, source: 'REDIS_URL' };
  const url = `redis://127.0.0.1:${port}`;
  if (await isListening(port)) return { url, source: 'already running' };
  const binary = findOnPath('redis-server');
  if (!binary) throw new StartError(missingRedisMessage(port));
  return { url, binary, source: 'started by npm start (in memory)' };
}

/**
 * Starts the planned redis-server: in memory only (no RDB snapshots, no append-only file), bound to 127.0.0.1, in its
 * own process group so Ctrl+C reaches it only through `stop()` — after the API and worker are gone.
 */
export async function startRedis(plan, port) {
  if (!plan.binary) return { ...plan, stop: async () => {} };
  const child = spawn(plan.binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await waitForPort(port, {
    timeoutMs: 15_000,
    failed: () => (child.exitCode !== null ? `redis-server exited (${child.exitCode}): ${stderr.trim().split('\n').pop() ?? ''}` : null),
  }).catch((error) => {
    child.kill('SIGKILL');
    throw new StartError(`Could not start redis-server on port ${port}: ${error.message}`);
  });
  return { ...plan, pid: child.pid, stop: () => stopChild(child) };
}
