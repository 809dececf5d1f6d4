/**
 * One attempt of one gate (SPEC section 6, steps 1–4): resolve the agent(s) and model(s), build and keep the prompt
 * packet(s), run the tool loop(s) over the run's workspace — parallel agents concurrently on the same workspace —
 * then hash every file written, validate the workspace against the contract and work out the outcome, tokens,
 * cost and duration. It changes no run state: the lifecycle stores what it returns.
 */
import type { GateContract } from '../content/contract-schema';
import { contractForGate, profilesForGate, skillsForContract, type OrchestrationCatalog } from '../content/loader';
import type { AgentDefinition } from '../content/markdown-schemas';
import type { WorkflowGate as ContentWorkflowGate } from '../content/workflow-schema';
import { buildPromptPacket, type PromptPacket, type PromptSection } from '../prompt/build-prompt-packet';
import { estimateTokens } from '../prompt/tokens';
import type { SimulatorGateContext } from '../simulator/gate-context';
import type { ContractValidationResult, PreScriptRunner } from '../validation/types';
import { validateContract } from '../validation/validate-contract';
import { stageRoutingOf } from '../routing/stage-routing';
import type { GateRunInput, GateRunner, GateRunOutput } from './engine-deps';
import { FAIL_CODES } from './fail-codes';
import { formatUsd, parseUsd } from './money';
import type { AgentRouting, ArtifactRecord, ModelChoice, ModelChoiceRequest } from './ports';
import { runToolLoop, type LoopRound, type ToolLoopResult } from './tool-loop';
import { toolDefinitionsFor, WriteTracker } from './tools';
import { sha256Hex, contentTypeFor } from './workspace/workspace';

export interface GateExecutorOptions {
  catalog: Pick<OrchestrationCatalog, 'agents' | 'contracts' | 'profiles' | 'skills'>;
  /** Runs a contract's pre_scripts (the CLI only; the server reports them skipped). */
  runPreScript?: PreScriptRunner;
}

interface AgentPlan {
  definition: AgentDefinition;
  role?: string;
  index: number;
  choice: ModelChoice;
  packet: PromptPacket;
}

export function createGateExecutor(options: GateExecutorOptions): GateRunner {
  return (input) => executeGate(options, input);
}

async function executeGate(options: GateExecutorOptions, input: GateRunInput): Promise<GateRunOutput> {
  const started = input.now();
  const { run, gate, attempt, workspace, settings } = input;
  const failed = (failCodes: string[], message: string, extra: Partial<GateRunOutput['completion']> = {}): GateRunOutput => {
    const completedAt = input.now();
    return {
      completion: {
        status: 'failed',
        agentSlug: null,
        modelId: null,
        modelProvider: null,
        promptPacket: null,
        rawOutput: { error: message },
        validationResults: null,
        failCodes,
        tokensIn: 0,
        tokensOut: 0,
        costUsd: '0.00',
        durationMs: completedAt.getTime() - started.getTime(),
        simulated: false,
        routing: [],
        completedAt,
        ...extra,
      },
      artifacts: [],
    };
  };

  const contract = contractForGate(options.catalog, gate);
  if (!contract) {
    return failed([FAIL_CODES.CONTRACT_ERROR], `gate ${gate.gate} is checked against contract "${gate.contract ?? gate.gate}", but gates/contracts/${gate.contract ?? gate.gate}.contract.json is not loaded`);
  }
  const assignments = gate.parallel_agents?.length ? gate.parallel_agents : gate.agent ? [{ agent: gate.agent, role: undefined }] : [];
  if (assignments.length === 0) return failed([FAIL_CODES.AGENT_ERROR], `gate ${gate.gate} names no agent`);
  const missing = assignments.filter((a) => !options.catalog.agents.has(a.agent)).map((a) => a.agent);
  if (missing.length > 0) return failed([FAIL_CODES.AGENT_ERROR], `gate ${gate.gate} names unknown agent${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (no agents/<category>/<slug>.md)`);

  const profiles = profilesForGate(options.catalog, { profiles: (gate.profiles as Record<string, string | string[]>) ?? {} }, run.mode);
  const skills = skillsForContract(options.catalog, contract);
  const workspaceFiles = await workspace.listFiles();
  const networkChecks = run.workflow.qa_config?.network_checks ?? settings.networkChecks;

  const plans: AgentPlan[] = [];
  const routing: AgentRouting[] = [];
  for (const [index, assignment] of assignments.entries()) {
    const definition = options.catalog.agents.get(assignment.agent)!;
    let choice: ModelChoice;
    try {
      choice = await input.models.choose({
        gateId: gate.gate,
        agentSlug: definition.slug,
        tier: gate.tier ?? definition.tier,
        rerunOverride: attempt.modelOverride,
        runOverride: run.modelOverride,
        stageModel: gate.model ?? null,
        agentHint: definition.model ?? null,
        escalation: attempt.escalation,
        runId: run.id,
        attemptNumber: attempt.attemptNumber,
        routing: stageRoutingOf(gate),
        estimates: (gate.estimates as ModelChoiceRequest['estimates']) ?? null,
      });
    } catch (error) {
      return failed([FAIL_CODES.MODEL_ERROR], `no model for ${definition.slug} at ${gate.gate}: ${(error as Error).message}`, { routing });
    }
    routing.push({ agentSlug: definition.slug, role: assignment.role, ...choice.decision });
    const packet = withPreviousAttempt(
      buildPromptPacket({
        agent: definition,
        workflowGate: {
          gate: gate.gate,
          name: gate.name,
          phase: gate.phase as ContentWorkflowGate['phase'],
          instructions: gate.instructions,
          inputs: gate.inputs ?? [],
          outputs: gate.outputs ?? [],
          parallel_agents: gate.parallel_agents?.map((entry) => ({ agent: entry.agent, role: entry.role ?? entry.agent })),
        },
        contract,
        profiles,
        skills,
        intent: run.intent,
        mode: run.mode,
        depth: run.depth,
        workspaceFiles,
        priorGates: input.priorGates,
        role: assignment.role,
        artifactPath: '',
        slug: run.slug,
        networkChecks,
      }),
      input.previousAttempt,
    );
    plans.push({ definition, role: assignment.role, index, choice, packet });
  }

  const tracker = new WriteTracker();
  const progress = progressReporter(plans, input.onProgress);
  const timeoutMs = Math.max(1, gate.timeout_s ?? settings.defaultTimeoutS) * 1000;
  const costCap = input.remainingBudgetPico === undefined ? undefined : input.remainingBudgetPico / BigInt(plans.length);
  const loops: ToolLoopResult[] = await Promise.all(
    plans.map((plan) =>
      runToolLoop({
        adapter: plan.choice.adapter,
        model: plan.choice.model,
        system: plan.packet.system,
        user: plan.packet.user,
        tools: toolDefinitionsFor(plan.definition.tools),
        workspace,
        toolOptions: { allowed: plan.definition.tools, onWrite: (file) => tracker.record(file) },
        limits: {
          ...settings.loopLimits,
          maxRounds: Math.min(settings.loopLimits.maxRounds, plan.definition.max_tool_rounds ?? settings.loopLimits.maxRounds),
          maxOutputTokensPerCall: Math.min(settings.loopLimits.maxOutputTokensPerCall, plan.definition.max_output_tokens ?? settings.loopLimits.maxOutputTokensPerCall),
          costCapPico: costCap,
          timeoutMs,
        },
        signal: input.signal,
        isCancelled: input.isCancelled,
        gateContext: simulatorContext(input, contract, plan, plans.length),
        onTextDelta: (delta) => input.onText(plan.definition.slug, delta),
        onRound: (round) => progress(plan.index, round),
      }),
    ),
  );

  let validation: ContractValidationResult | null = null;
  let validationError: string | undefined;
  try {
    validation = await validateContract(contract, workspace, {
      depth: run.depth,
      slug: run.slug,
      artifactPath: '',
      network: networkChecks,
      runPreScript: options.runPreScript,
      preScriptsSkippedReason: options.runPreScript ? undefined : 'pre_scripts run only in the local CLI',
    });
  } catch (error) {
    validationError = (error as Error).message;
  }

  const artifacts: ArtifactRecord[] = [];
  for (const file of tracker.files()) {
    const content = await workspace.readFile(file.path).catch(() => null);
    if (content === null) continue;
    // Hash what is on disk now: with parallel agents the last writer of a path wins.
    artifacts.push({
      path: file.path,
      sha256: sha256Hex(content),
      sizeBytes: Buffer.byteLength(content, 'utf8'),
      contentType: contentTypeFor(file.path),
      runId: run.id,
      attemptId: attempt.id,
      gateId: gate.gate,
      attemptNumber: attempt.attemptNumber,
      content,
    });
  }

  const { status, failCodes } = outcomeOf(loops, validation, run.workflow.qa_config?.blocking_warnings === true);
  const tokensIn = loops.reduce((sum, loop) => sum + loop.usage.inputTokens, 0);
  const tokensOut = loops.reduce((sum, loop) => sum + loop.usage.outputTokens, 0);
  const cost = loops.reduce((sum, loop) => sum + loop.costPico, 0n);
  const simulated = loops.some((loop) => loop.simulated);
  const completedAt = input.now();
  const first = plans[0];
  return {
    completion: {
      status,
      agentSlug: plans.map((plan) => plan.definition.slug).join(','),
      modelId: first.choice.model.id,
      modelProvider: loops.every((loop) => loop.simulated && loop.rounds.length > 0) ? 'simulator' : servedProvider(loops[0]) ?? first.choice.model.provider,
      promptPacket: {
        agents: plans.map((plan) => ({ agent_slug: plan.definition.slug, role: plan.role ?? null, model_id: plan.choice.model.id, ...plan.packet })),
      },
      rawOutput: {
        agents: plans.map((plan, index) => ({
          agent_slug: plan.definition.slug,
          role: plan.role ?? null,
          model_id: plan.choice.model.id,
          outcome: loops[index].outcome,
          error: loops[index].error ?? null,
          final_text: loops[index].finalText,
          usage: loops[index].usage,
          cost_usd: formatUsd(loops[index].costPico),
          served_models: loops[index].servedModels,
          duration_ms: loops[index].durationMs,
          rounds: loops[index].rounds,
        })),
        writes: tracker.log,
      },
      validationResults: validation ?? { error: validationError },
      failCodes,
      tokensIn,
      tokensOut,
      costUsd: formatUsd(cost),
      durationMs: completedAt.getTime() - started.getTime(),
      simulated,
      routing,
      completedAt,
    },
    artifacts,
  };
}

/** passed / warning / failed and the fail codes, from the loops and the validation. */
export function outcomeOf(
  loops: ToolLoopResult[],
  validation: ContractValidationResult | null,
  blockingWarnings: boolean,
): { status: 'passed' | 'warning' | 'failed'; failCodes: string[] } {
  const codes: string[] = [];
  const add = (code: string) => {
    if (!codes.includes(code)) codes.push(code);
  };
  for (const loop of loops) if (loop.outcome !== 'completed') add(loop.outcome);
  if (!validation) add(FAIL_CODES.CONTRACT_ERROR);
  else if (validation.outcome === 'fail') validation.failCodes.forEach(add);
  else if (validation.outcome === 'warn' && blockingWarnings) add(FAIL_CODES.VALIDATION_FAILED);
  if (codes.length > 0) return { status: 'failed', failCodes: codes };
  return { status: validation?.outcome === 'warn' ? 'warning' : 'passed', failCodes: [] };
}

function servedProvider(loop: ToolLoopResult | undefined): string | undefined {
  return loop?.servedModels[0]?.split('/')[0];
}

/** On a retry, the model sees which checks failed last time (the packet says it will). */
function withPreviousAttempt(packet: PromptPacket, previous: GateRunInput['previousAttempt']): PromptPacket {
  if (!previous) return packet;
  const rows = failedRows(previous.validationResults);
  const lines = [`Attempt ${previous.attemptNumber} of this gate failed (${previous.failCodes.join(', ') || 'no fail code'}).`];
  if (previous.statusReason) lines.push(previous.statusReason);
  if (rows.length > 0) lines.push('', 'Checks that failed:', ...rows.map((row) => `- ${row.type} ${row.target}: ${row.detail}`));
  lines.push('', 'Files from that attempt are still in the workspace; fix them rather than starting over.');
  const content = lines.join('\n');
  const section: PromptSection = { kind: 'context', title: 'What failed last time', content, tokens: estimateTokens(`## What failed last time\n\n${content}`) };
  return { ...packet, user: `${packet.user}\n\n## ${section.title}\n\n${content}`, sections: [...packet.sections, section], totalTokens: packet.totalTokens + section.tokens };
}

function failedRows(results: unknown): Array<{ type: string; target: string; detail: string }> {
  const rows = (results as { results?: unknown })?.results;
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((row): row is { type: string; target: string; detail: string; passed: boolean } => !!row && typeof row === 'object' && (row as { passed?: unknown }).passed === false)
    .slice(0, 30)
    .map((row) => ({ type: String(row.type), target: String(row.target), detail: String(row.detail) }));
}

function simulatorContext(input: GateRunInput, contract: GateContract, plan: AgentPlan, agentCount: number): SimulatorGateContext {
  const expand = (path: string) =>
    path
      .replace(/\{artifact_path\}\/?/g, '')
      .replace(/\{slug\}/g, input.run.slug)
      .replace(/\{depth\}/g, input.run.depth)
      .replace(/^\/+/, '');
  const firstAnyOf = contract.required_outputs.any_of[0];
  return {
    runId: input.run.id,
    workflow: input.run.workflow.workflow,
    gateId: input.gate.gate,
    gateName: input.gate.name,
    attemptNumber: input.attempt.attemptNumber,
    contract,
    depth: input.run.depth,
    slug: input.run.slug,
    artifactPath: '',
    intent: input.run.intent,
    mode: input.run.mode,
    requiredOutputs: [...contract.required_outputs.all_of.map((o) => expand(o.path)), ...(firstAnyOf ? [expand(firstAnyOf.path)] : [])],
    inputs: input.gate.inputs ?? [],
    outputs: input.gate.outputs ?? [],
    agentSlug: plan.definition.slug,
    agentRole: plan.role,
    agentIndex: plan.index,
    agentCount,
    modelId: plan.choice.model.id,
  };
}

/**
 * Reports the attempt's spend after every completed round of any agent: the rounds so far per agent (the shape of
 * the final raw output, marked partial), summed tokens and cost. Nothing when the host does not listen.
 */
function progressReporter(plans: AgentPlan[], onProgress: GateRunInput['onProgress']): (planIndex: number, round: LoopRound) => void {
  if (!onProgress) return () => undefined;
  const rounds: LoopRound[][] = plans.map(() => []);
  return (planIndex, round) => {
    rounds[planIndex].push(round);
    const all = rounds.flat();
    const served = all.find((r) => r.response)?.response?.servedBy;
    onProgress({
      agentSlug: plans.map((plan) => plan.definition.slug).join(','),
      modelId: plans[0].choice.model.id,
      modelProvider: served?.provider ?? plans[0].choice.model.provider,
      rawOutput: {
        partial: true,
        agents: plans.map((plan, index) => ({ agent_slug: plan.definition.slug, role: plan.role ?? null, model_id: plan.choice.model.id, rounds: rounds[index] })),
      },
      tokensIn: all.reduce((sum, r) => sum + (r.response?.usage.inputTokens ?? 0), 0),
      tokensOut: all.reduce((sum, r) => sum + (r.response?.usage.outputTokens ?? 0), 0),
      costUsd: formatUsd(all.reduce((sum, r) => sum + parseUsd(r.costUsd), 0n)),
      simulated: all.some((r) => r.response?.simulated === true),
    });
  };
}
