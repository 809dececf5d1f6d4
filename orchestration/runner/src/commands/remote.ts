import { Command, Option } from 'commander';
import type { WorkflowGateSnapshot } from '../../../core/engine/ports';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../exit-codes';
import { parseIntentPairs } from '../intent-pairs';
import { RemoteApi, RemoteApiError } from '../remote/api-client';
import { followRun } from '../remote/follow-run';
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

interface Template {
  slug: string;
  name: string;
  type: string;
  depth: string;
  active_spec_id: string | null;
  active_spec_version: string | null;
}
interface RunSummary {
  id: string;
  project_slug: string;
  display_name: string;
  status: string;
  current_gate: string | null;
  passed_gates: number;
  total_gates: number;
  total_cost_usd: string;
  simulated: boolean;
  created_at: string;
  pause_reason: string | null;
}
interface RunGate {
  gate_id: string;
  gate_name: string;
  max_attempts: number;
}
interface RunDetail {
  run: RunSummary;
  gates: RunGate[];
}

const DEFAULT_SERVER = 'http://localhost:3000';
const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `esy remote …`: drive runs on a server with an API key, following progress over SSE. */
export function registerRemoteCommand(program: Command, io: RemoteIo = { out: process.stdout, err: process.stderr }): void {
  const remote = program
    .command('remote')
    .description('Create, list, follow and cancel runs on an Esy server (API key from --api-key or ESY_API_KEY).')
    .addOption(new Option('--server <url>', 'server base URL').env('ESY_SERVER').default(DEFAULT_SERVER))
    .addOption(new Option('--api-key <key>', 'API key (prefer the ESY_API_KEY variable: keys on a command line end up in shell history)').env('ESY_API_KEY'))
    .addHelpText('after', '\nExit codes: 0 done (a followed run completed), 1 a followed run paused, failed or was cancelled, 2 usage, auth or server errors.');

  const act = (handler: (api: RemoteApi, ...args: never[]) => Promise<number>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals() as { server: string; apiKey?: string };
      process.exitCode = await guarded(io, () => handler(new RemoteApi({ server: globals.server, apiKey: globals.apiKey ?? '' }), ...(args.slice(0, -1) as never[])));
    };

  remote
    .command('workflows')
    .description('List the workflows you can run, with their active spec version.')
    .option('--json', 'print JSON')
    .action(act((api, options: { json?: boolean }) => listWorkflows(api, io, options)));

  remote
    .command('create')
    .description('Start a run of a workflow on the server.')
    .argument('<workflow>', 'workflow slug (see `esy remote workflows`)')
    .option('--intent <key=value>', 'an intent field; repeat for each field', collect, [])
    .option('--name <name>', 'a display name for the run')
    .option('--follow', 'follow the run’s progress until it ends (or pauses)')
    .option('--json', 'print JSON')
    .action(act((api, workflow: string, options: CreateOptions) => createRun(api, io, workflow, options)));

  remote
    .command('list')
    .description('List your runs, newest first.')
    .option('--status <status>', 'only runs with this status (pending, running, paused, completed, failed, cancelled)')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(act((api, options: { status?: string; limit: string; json?: boolean }) => listRuns(api, io, options)));

  remote
    .command('follow')
    .description('Follow a run live until it completes, fails, is cancelled or pauses.')
    .argument('<run-id>')
    .option('--wait-while-paused', 'keep following a paused run until an operator resumes it')
    .action(act((api, runId: string, options: { waitWhilePaused?: boolean }) => follow(api, io, runId, !options.waitWhilePaused)));

  remote
    .command('cancel')
    .description('Cancel a run (needs an API key of an administrator with the admin scope).')
    .argument('<run-id>')
    .option('--reason <text>', 'why (recorded with the action)')
    .action(act((api, runId: string, options: { reason?: string }) => cancel(api, io, runId, options.reason)));
}

interface CreateOptions {
  intent: string[];
  name?: string;
  follow?: boolean;
  json?: boolean;
}

async function guarded(io: RemoteIo, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`esy: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof RemoteApiError) {
      io.err.write(`esy: ${error.message}${error.status ? ` (HTTP ${error.status} ${error.code})` : ''}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

async function listWorkflows(api: RemoteApi, io: RemoteIo, options: { json?: boolean }): Promise<number> {
  const templates = await api.get<Template[] | { workflows?: Template[]; templates?: Template[] }>('/workflows');
  const list = Array.isArray(templates) ? templates : (templates.workflows ?? templates.templates ?? []);
  if (options.json) {
    io.out.write(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT_OK;
  }
  if (list.length === 0) io.out.write('No workflows are published on this server yet.\n');
  for (const t of list) io.out.write(`${t.slug.padEnd(32)} ${t.type.padEnd(13)} ${(t.active_spec_version ?? '-').padEnd(8)} ${t.name}\n`);
  return EXIT_OK;
}

async function createRun(api: RemoteApi, io: RemoteIo, workflow: string, options: CreateOptions): Promise<number> {
  const intent = parseIntentPairs(options.intent);
  const template = await api.get<Template>(`/workflows/${encodeURIComponent(workflow)}`);
  if (!template.active_spec_id) throw new UsageError(`workflow "${workflow}" has no published spec yet`);
  const created = await api.post<{ run: RunSummary }>('/runs', {
    spec_id: template.active_spec_id,
    intent,
    ...(options.name ? { display_name: options.name } : {}),
  });
  if (options.json && !options.follow) {
    io.out.write(`${JSON.stringify(created.run, null, 2)}\n`);
    return EXIT_OK;
  }
  io.out.write(`run ${created.run.id} created (${created.run.project_slug}, ${created.run.total_gates} gates)\n`);
  return options.follow ? follow(api, io, created.run.id, true) : EXIT_OK;
}

async function listRuns(api: RemoteApi, io: RemoteIo, options: { status?: string; limit: string; json?: boolean }): Promise<number> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be a whole number from 1 to 100');
  const query = new URLSearchParams({ limit: String(limit), ...(options.status ? { status: options.status } : {}) });
  const page = await api.get<{ runs: RunSummary[]; total: number }>(`/runs?${query}`);
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
}

async function follow(api: RemoteApi, io: RemoteIo, runId: string, stopWhenPaused: boolean): Promise<number> {
  const detail = await api.get<RunDetail>(`/runs/${encodeURIComponent(runId)}`);
  const gates = detail.gates.map((gate) => ({ gate: gate.gate_id, name: gate.gate_name, max_attempts: gate.max_attempts }) as WorkflowGateSnapshot);
  const progress = new RunProgress(io.err, gates, `${detail.run.display_name} (${detail.run.id})${detail.run.simulated ? ' · simulated' : ''}`);
  let outcome: string;
  try {
    outcome = await followRun(api, runId, (event) => progress.onEvent(event), {
      stopWhenPaused,
      onReconnect: (attempt, reason) => io.err.write(`esy: connection lost (${reason}); reconnecting (${attempt})…\n`),
    });
  } finally {
    progress.finish();
  }
  const final = await api.get<RunDetail>(`/runs/${encodeURIComponent(runId)}`);
  const run = final.run;
  io.out.write(`${run.status}: ${run.passed_gates}/${run.total_gates} gates passed, $${run.total_cost_usd}${run.pause_reason ? ` — ${run.pause_reason}` : ''}\n`);
  if (run.status === 'completed') io.out.write(`package: ${api.url(`/runs/${run.id}/package`)}\n`);
  return outcome === 'run_completed' || run.status === 'completed' ? EXIT_OK : EXIT_FAILED;
}

async function cancel(api: RemoteApi, io: RemoteIo, runId: string, reason?: string): Promise<number> {
  await api.post(`/admin/runs/${encodeURIComponent(runId)}/cancel`, reason ? { reason } : {});
  io.out.write(`run ${runId} cancelled\n`);
  return EXIT_OK;
}
