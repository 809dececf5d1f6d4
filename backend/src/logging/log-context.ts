import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that identify what a log line is about; pino adds them to every line written inside the context. */
export interface LogContext {
  run_id?: string;
  gate_id?: string;
  attempt?: number;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` so that every log line it causes (also after awaits) carries `context`. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

/** pino `mixin`: the current context's ids, or nothing outside a context. */
export function logContextMixin(): LogContext {
  return storage.getStore() ?? {};
}

const RUN_IN_URL = /\/runs\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/gates\/([A-Za-z][\w.-]{0,40}))?/i;

/** Run and gate ids named by a request path (`/api/runs/:id/…`, `/api/admin/runs/:id/gates/:gate/…`). */
export function logContextOfUrl(url: string | undefined): LogContext {
  const match = RUN_IN_URL.exec(url ?? '');
  if (!match) return {};
  return match[2] ? { run_id: match[1], gate_id: match[2] } : { run_id: match[1] };
}
