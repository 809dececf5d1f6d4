import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Depth } from '../../../core/content/depths';
import { validateIntent } from '../../../core/content/intent';
import { loadOrchestration, ORCHESTRATION_ROOT, type OrchestrationCatalog } from '../../../core/content/loader';
import { formatIssue, OrchestrationLoadError } from '../../../core/content/parse-issues';
import { DiskWorkspaceProvider } from '../../../core/engine/local/disk-workspace-provider';
import { createLocalEngine } from '../../../core/engine/local/local-engine';
import { cancelRun } from '../../../core/engine/run-lifecycle';
import { newRunSnapshot } from '../../../core/engine/run-snapshot';
import { parseUsd } from '../../../core/engine/money';
import { BUILT_IN_MODELS } from '../../../core/models/catalog';
import type { SimulatorConfig } from '../../../core/simulator';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../exit-codes';
import { parseIntentPairs } from '../intent-pairs';
import { setupModels } from '../run/model-setup';
import { RunProgress } from '../run/progress';
import { buildRunRecord } from '../run/run-record';

export interface RunCliOptions {
  intent: string[];
  model?: string;
  out?: string;
  depth?: string;
  budget?: string;
  simulate?: boolean;
  simulateLatency?: string;
  fail: string[];
  failRate?: string;
  json?: boolean;
  orchestration?: string;
}

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}


/** The command's whole behaviour, returning the exit code. */
export async function runWorkflowCommand(workflowSlug: string, options: RunCliOptions, out: Stream, err: Stream): Promise<number> {
  let catalog: OrchestrationCatalog;
  try {
    catalog = loadCatalog(options.orchestration);
  } catch (error) {
    err.write(`esy: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(catalog, workflowSlug, options);
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`esy: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const { workflow, intent, outDir, simulator } = prepared;

  const models = setupModels({ simulate: options.simulate === true, simulator });
  const workspaceDir = nodePath.join(outDir, 'workspace');
  mkdirSync(workspaceDir, { recursive: true });
  const engine = createLocalEngine({ catalog, workspaces: new DiskWorkspaceProvider(workspaceDir, { singleRun: true }), models: models.resolver, concurrency: 2 });
  const run = newRunSnapshot(workflow, intent, {
    modelOverride: options.model ?? null,
    depth: options.depth as Depth | undefined,
    budgetUsd: options.budget ?? undefined,
  });

  const title = `esy run ${workflow.workflow}@${workflow.version} · ${run.slug} · ${run.mode}/${run.depth} · ${models.description}`;
  const progress = new RunProgress(err, workflow.gates, title);
  engine.events.subscribe((event) => progress.onEvent(event));

  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    void cancelRun(engine.deps, { runId: run.id, actor: { id: 'cli', display: 'esy run' }, reason: 'interrupted (Ctrl-C)' }).catch(() => undefined);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = Date.now();
  try {
    await engine.start(run);
    await engine.settle();
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    progress.finish();
  }

  const record = await buildRunRecord(engine, run.id, {
    command: { workflow: workflowSlug, intent: options.intent, model: options.model ?? null, depth: options.depth ?? null, simulate: options.simulate === true, fail: options.fail },
    models: models.description,
    workspace: workspaceDir,
    wall_time_ms: Date.now() - started,
  });
  const recordPath = nodePath.join(outDir, 'run.json');
  writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);

  const final = record.run!;
  const summary = {
    run_id: final.id,
    workflow: workflow.workflow,
    status: final.status,
    pause_reason: final.pauseReason,
    totals: final.totals,
    simulated: final.simulated,
    out: outDir,
    workspace: workspaceDir,
    run_record: recordPath,
    gates: workflow.gates.map((gate) => {
      const attempts = record.attempts.filter((a) => a.gateId === gate.gate);
      const last = attempts.at(-1);
      return { gate: gate.gate, name: gate.name, status: last?.status ?? 'pending', attempts: attempts.length, fail_codes: last?.failCodes ?? [] };
    }),
  };
  if (options.json) out.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const t = final.totals;
    err.write(
      `\n${final.status === 'completed' ? 'Completed' : `Run ${final.status}`}${final.pauseReason ? `: ${final.pauseReason}` : ''}\n` +
        `  gates: ${t.passedGates} passed, ${t.skippedGates} skipped, ${t.failedGates} failed of ${t.totalGates}\n` +
        `  tokens: ${t.tokensIn} in, ${t.tokensOut} out · cost: $${t.totalCostUsd}${final.simulated ? ' (simulated)' : ''}\n` +
        `  workspace: ${workspaceDir}\n  run record: ${recordPath}\n`,
    );
  }
  return final.status === 'completed' ? EXIT_OK : EXIT_FAILED;
}

function loadCatalog(dir: string | undefined): OrchestrationCatalog {
  try {
    return loadOrchestration(dir ? nodePath.resolve(dir) : ORCHESTRATION_ROOT);
  } catch (error) {
    if (error instanceof OrchestrationLoadError) {
      throw new Error(`the orchestration content has problems:\n${error.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
    }
    throw error;
  }
}

/** Checks the arguments and turns them into what the engine needs; every problem is a UsageError. */
function prepare(catalog: OrchestrationCatalog, workflowSlug: string, options: RunCliOptions) {
  const workflow = catalog.workflows.get(workflowSlug);
  if (!workflow) {
    const known = [...catalog.workflows.keys()].sort();
    throw new UsageError(`unknown workflow "${workflowSlug}"; built-in workflows: ${known.join(', ') || '(none)'}`);
  }
  const raw = parseIntentPairs(options.intent);
  const checked = validateIntent(workflow.intent_schema, raw);
  if (!checked.ok) {
    throw new UsageError(`the intent does not fit workflow "${workflow.workflow}":\n${checked.errors.map((e) => `  ${e.field || 'intent'}: ${e.message}`).join('\n')}`);
  }
  if (options.model && !BUILT_IN_MODELS.some((model) => model.id === options.model)) {
    throw new UsageError(`unknown model "${options.model}"; known models: ${BUILT_IN_MODELS.map((model) => model.id).join(', ')}`);
  }
  if (options.budget !== undefined) {
    try {
      parseUsd(options.budget);
    } catch {
      throw new UsageError(`--budget "${options.budget}" is not an amount in USD such as 2.50`);
    }
  }
  const simulator: SimulatorConfig = { latencyMs: nonNegativeNumber(options.simulateLatency ?? '0', '--simulate-latency'), gates: {} };
  if (options.failRate !== undefined) {
    const rate = nonNegativeNumber(options.failRate, '--fail-rate');
    if (rate > 1) throw new UsageError('--fail-rate must be between 0 and 1');
    simulator.failRate = rate;
  }
  const gateIds = new Set(workflow.gates.map((gate) => gate.gate));
  for (const entry of options.fail) {
    const match = /^([^=]+)=(\d+)$/.exec(entry.trim());
    if (!match) throw new UsageError(`--fail "${entry}" must look like G3=2 (gate id = attempts that fail)`);
    if (!gateIds.has(match[1])) throw new UsageError(`--fail names gate "${match[1]}", which is not in workflow ${workflow.workflow} (${[...gateIds].join(', ')})`);
    simulator.gates![match[1]] = { failAttempts: Number(match[2]) };
  }
  const outDir = nodePath.resolve(options.out ?? nodePath.join('esy-runs', `${workflow.workflow}-${timestamp()}`));
  if (existsSync(nodePath.join(outDir, 'run.json'))) throw new UsageError(`${outDir} already holds a run (run.json); choose another --out`);
  const workspaceDir = nodePath.join(outDir, 'workspace');
  if (existsSync(workspaceDir) && readdirSync(workspaceDir).length > 0) throw new UsageError(`${workspaceDir} is not empty; choose another --out`);
  return { workflow, intent: checked.value as Record<string, unknown>, outDir, simulator };
}

function nonNegativeNumber(value: string, flag: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new UsageError(`${flag} must be a non-negative number, got "${value}"`);
  return number;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}
