import { EsyApiError, EsyClient, PackageVerificationError, type RunDetail, type RunEvent } from '@esy/sdk';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { WorkflowGateSnapshot } from '../../../core/engine/ports';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../exit-codes';
import { parseIntentPairs } from '../intent-pairs';
import { RunProgress } from '../run/progress';

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface RemoteIo {
  out: Stream;
  err: Stream;
}

export interface RemoteConnection {
  url: string;
  apiKey?: string;
}

/** Connects with the options and runs one handler; every failure becomes one `esy: …` line and an exit code. */
export async function runRemote(io: RemoteIo, connection: RemoteConnection, work: (client: EsyClient) => Promise<number>): Promise<number> {
  try {
    if (!connection.apiKey) throw new UsageError('an API key is required: pass --api-key or set ESY_API_KEY (create one in the web app under API keys)');
    let client: EsyClient;
    try {
      client = new EsyClient({ url: connection.url, apiKey: connection.apiKey });
    } catch (error) {
      throw new UsageError(`--url (or ESY_API_URL): ${(error as Error).message}`);
    }
    return await work(client);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`esy: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof EsyApiError) {
      io.err.write(`esy: ${error.message}${error.status ? ` (HTTP ${error.status} ${error.code})` : ''}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof PackageVerificationError) {
      io.err.write(`esy: ${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}

interface StartOptions {
  intake?: string;
  intent: string[];
  name?: string;
}
interface RunOptions extends StartOptions {
  out: string;
  download: boolean;
  idempotencyKey?: string;
}
interface CreateOptions extends StartOptions {
  follow?: boolean;
  json?: boolean;
}

/** The intake: a JSON file of field values, then `--intent key=value` pairs on top. */
async function intakeOf(options: StartOptions): Promise<Record<string, unknown>> {
  let fromFile: Record<string, unknown> = {};
  if (options.intake) {
    let text: string;
    try {
      text = await readFile(options.intake, 'utf8');
    } catch (error) {
      throw new UsageError(`--intake ${options.intake}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--intake ${options.intake}: not valid JSON (${(error as Error).message})`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--intake ${options.intake}: must be a JSON object of field values, e.g. {"word": "serendipity"}`);
    fromFile = parsed as Record<string, unknown>;
  }
  return { ...fromFile, ...parseIntentPairs(options.intent) };
}

async function start(client: EsyClient, workflow: string, options: StartOptions, idempotencyKey?: string) {
  const intent = await intakeOf(options);
  return client.runs.create({ workflow, intent, ...(options.name ? { display_name: options.name } : {}) }, { idempotencyKey });
}

/** Follows a run with the progress display; resolves with the run as it ended (or paused). */
async function followWithProgress(client: EsyClient, io: RemoteIo, runId: string, stopOnPause: boolean): Promise<RunDetail> {
  const detail = await client.runs.get(runId);
  const gates = detail.gates.map((gate) => ({ gate: gate.gate_id, name: gate.gate_name, max_attempts: gate.max_attempts }) as WorkflowGateSnapshot);
  const progress = new RunProgress(io.err, gates, `${detail.run.display_name} (${detail.run.id})${detail.run.simulated ? ' · simulated' : ''}`);
  try {
    const events = client.follow(runId, {
      stopOnPause,
      onReconnect: (attempt, reason) => io.err.write(`esy: connection lost (${reason}); reconnecting (${attempt})…\n`),
    });
    for await (const event of events) progress.onEvent(toRecorded(event));
  } finally {
    progress.finish();
  }
  const final = await client.runs.get(runId);
  const run = final.run;
  io.out.write(`${run.status}: ${run.passed_gates}/${run.total_gates} gates passed, $${run.total_cost_usd}${run.pause_reason ? ` — ${run.pause_reason}` : ''}\n`);
  return final;
}

function toRecorded(event: RunEvent) {
  return { id: event.id ?? 0, runId: event.run_id, type: event.type, payload: event.payload, at: event.created_at };
}

export const handlers = {
  /** `esy remote run`: create, follow, download and verify. */
  async run(client: EsyClient, io: RemoteIo, workflow: string, options: RunOptions): Promise<number> {
    const { run } = await start(client, workflow, options, options.idempotencyKey);
    io.out.write(`run ${run.id} created (${run.project_slug}, ${run.total_gates} gates)\n`);
    const final = await followWithProgress(client, io, run.id, true);
    if (final.run.status !== 'completed') return EXIT_FAILED;
    if (!options.download) return EXIT_OK;
    const pkg = await client.downloadPackage(run.id);
    const dir = resolve(options.out);
    await mkdir(dir, { recursive: true });
    const path = join(dir, pkg.fileName.replace(/[/\\]/g, '_'));
    await writeFile(path, pkg.zip);
    io.out.write(`package: ${path} (${pkg.files.size} files, each matching its sha256 in manifest.json)\n`);
    return EXIT_OK;
  },

  async status(client: EsyClient, io: RemoteIo, runId: string, options: { json?: boolean }): Promise<number> {
    const detail = await client.runs.get(runId);
    if (options.json) {
      io.out.write(`${JSON.stringify(detail, null, 2)}\n`);
      return EXIT_OK;
    }
    const run = detail.run;
    io.out.write(`${run.display_name} (${run.id})${run.simulated ? ' · simulated' : ''}\n`);
    io.out.write(`workflow ${detail.template.slug} ${detail.spec.version}\n`);
    io.out.write(`status   ${run.status}${run.current_gate ? ` at ${run.current_gate}` : ''}${run.pause_reason ? ` — ${run.pause_reason}` : ''}${run.error_message ? ` — ${run.error_message}` : ''}\n`);
    io.out.write(`gates    ${run.passed_gates}/${run.total_gates} passed, ${run.failed_gates} failed, ${run.skipped_gates} skipped\n`);
    io.out.write(`cost     $${run.total_cost_usd}${run.budget_usd ? ` of $${run.budget_usd}` : ''}\n`);
    for (const gate of detail.gates) io.out.write(`  ${gate.gate_id.padEnd(5)} ${gate.status.padEnd(8)} ${`${gate.attempt_number}/${gate.max_attempts}`.padEnd(5)} ${gate.gate_name}\n`);
    if (run.status === 'completed') io.out.write(`verification ${detail.verification.outcome}\n`);
    return EXIT_OK;
  },

  async workflows(client: EsyClient, io: RemoteIo, options: { json?: boolean }): Promise<number> {
    const list = await client.workflows.list();
    if (options.json) {
      io.out.write(`${JSON.stringify(list, null, 2)}\n`);
      return EXIT_OK;
    }
    if (list.length === 0) io.out.write('No workflows are published on this server yet.\n');
    for (const t of list) io.out.write(`${t.slug.padEnd(32)} ${t.type.padEnd(13)} ${(t.active_spec_version ?? '-').padEnd(8)} ${t.name}\n`);
    return EXIT_OK;
  },

  async create(client: EsyClient, io: RemoteIo, workflow: string, options: CreateOptions): Promise<number> {
    const { run } = await start(client, workflow, options);
    if (options.json && !options.follow) {
      io.out.write(`${JSON.stringify(run, null, 2)}\n`);
      return EXIT_OK;
    }
    io.out.write(`run ${run.id} created (${run.project_slug}, ${run.total_gates} gates)\n`);
    return options.follow ? handlers.follow(client, io, run.id, {}) : EXIT_OK;
  },

  async list(client: EsyClient, io: RemoteIo, options: { status?: string; limit: string; json?: boolean }): Promise<number> {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be a whole number from 1 to 100');
    const page = await client.runs.list({ limit, ...(options.status ? { status: options.status as never } : {}) });
    if (options.json) {
      io.out.write(`${JSON.stringify(page, null, 2)}\n`);
      return EXIT_OK;
    }
    if (page.runs.length === 0) io.out.write('No runs yet.\n');
    for (const run of page.runs) {
      const progress = `${run.passed_gates}/${run.total_gates}`.padEnd(6);
      io.out.write(`${run.id}  ${run.status.padEnd(9)} ${progress} $${run.total_cost_usd.padEnd(8)} ${run.simulated ? 'sim ' : '    '}${run.display_name}\n`);
    }
    io.out.write(`${page.runs.length} of ${page.total} runs\n`);
    return EXIT_OK;
  },

  async follow(client: EsyClient, io: RemoteIo, runId: string, options: { waitWhilePaused?: boolean }): Promise<number> {
    const final = await followWithProgress(client, io, runId, !options.waitWhilePaused);
    if (final.run.status === 'completed') io.out.write(`package: ${client.http.url(`/runs/${final.run.id}/package`)} (or: esy remote run … downloads and verifies it)\n`);
    return final.run.status === 'completed' ? EXIT_OK : EXIT_FAILED;
  },

  async cancel(client: EsyClient, io: RemoteIo, runId: string, options: { reason?: string }): Promise<number> {
    await client.runs.cancel(runId, options.reason);
    io.out.write(`run ${runId} cancelled\n`);
    return EXIT_OK;
  },
};
