// TCP helpers of `npm start`: is something already serving a port, and waiting until it does.
import { connect } from 'node:net';

/** True when something accepts TCP connections on host:port right now. */
export function isListening(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (listening) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls until host:port accepts connections; rejects after `timeoutMs` or as soon as `failed()` says so. */
export async function waitForPort(port, { host = '127.0.0.1', timeoutMs = 30_000, failed = () => null } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reason = failed();
    if (reason) throw new Error(reason);
    if (await isListening(port, host)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${Math.round(timeoutMs / 1000)} s`);
}

/** A positive port number from an environment variable, or the default; a bad value stops with one line naming it. */
export function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${raw} is not a TCP port (1–65535)`);
  return port;
}
