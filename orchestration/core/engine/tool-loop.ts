import {
  ModelCallError,
  type ChatMessage,
  type ContentBlock,
  type ModelAdapter,
  type ModelInfo,
  type ModelResponse,
  type StopReason,
  type ToolDefinition,
  type ToolResultBlock,
  type ToolUseBlock,
} from '../models/model-adapter';
import { isProviderOutage } from './attempt-policy';
import type { LoopStopCode } from './fail-codes';
import { formatUsd, tokenCost, type PicoUsd } from './money';
import { executeToolCall, type ToolExecutorOptions } from './tools';
import type { Workspace } from './workspace/workspace';

export interface ToolLoopLimits {
  /** Most model calls in one loop. */
  maxRounds: number;
  /** Most input tokens summed over every call. */
  maxInputTokens: number;
  /** Most output tokens summed over every call. */
  maxOutputTokens: number;
  /** Output tokens one call may produce. */
  maxOutputTokensPerCall: number;
  /** Spend allowed to this loop (remaining run budget), pico-USD. Undefined = no cap. */
  costCapPico?: PicoUsd;
  /** Wall-clock limit for the whole loop. */
  timeoutMs?: number;
}

export const DEFAULT_LOOP_LIMITS: Readonly<ToolLoopLimits> = {
  maxRounds: 24,
  maxInputTokens: 1_500_000,
  maxOutputTokens: 120_000,
  maxOutputTokensPerCall: 16_000,
};

export interface ToolLoopInput {
  adapter: ModelAdapter;
  model: ModelInfo;
  system: string;
  user: string;
  tools: ToolDefinition[];
  workspace: Workspace;
  toolOptions?: ToolExecutorOptions;
  limits: ToolLoopLimits;
  /** Aborts the loop from outside (run cancelled, worker shutting down). */
  signal?: AbortSignal;
  /** Asked before every round; true stops the loop with CANCELLED (e.g. the run was cancelled in another process). */
  isCancelled?: () => Promise<boolean>;
  gateContext?: unknown;
  onTextDelta?: (delta: string) => void;
  onRound?: (round: LoopRound) => void;
  now?: () => number;
}

/** Everything about one model call, as stored in the attempt's raw output. */
export interface LoopRound {
  round: number;
  startedAt: string;
  durationMs: number;
  request: {
    messages: number;
    maxOutputTokens: number;
    tools: string[];
    /** What this call added to the conversation (the prompt, or the previous round's tool results). */
    sent: Array<{ type: string; chars: number; toolUseId?: string; isError?: boolean }>;
  };
  response: {
    text: string;
    toolCalls: ToolUseBlock[];
    stopReason: StopReason;
    usage: { inputTokens: number; outputTokens: number };
    raw: unknown;
    simulated: boolean;
    /** The model that answered (differs from the requested one after a router fallback). */
    servedBy: { id: string; provider: string };
  } | null;
  toolResults: ToolResultBlock[];
  costUsd: string;
  error?: string;
  /** How long the model call itself took (durationMs also counts the tool calls that followed it). */
  modelMs?: number;
  /** When each tool call of the round ran, in order: the trace view draws them after the model call. */
  toolTimings?: Array<{ toolUseId: string; name: string; startedAt: string; durationMs: number }>;
}

export interface ToolLoopResult {
  /** `completed` when the model stopped on its own; otherwise the cap or error that ended the loop. */
  outcome: 'completed' | LoopStopCode;
  error?: string;
  rounds: LoopRound[];
  usage: { inputTokens: number; outputTokens: number };
  costPico: PicoUsd;
  finalText: string;
  simulated: boolean;
  /** "provider/model" of every model that answered. */
  servedModels: string[];
  durationMs: number;
}

/**
 * Calls the model with the prompt and the workspace tools, runs its tool calls, feeds the results back, and repeats
 * until the model stops calling tools or a cap is hit. Never throws for model or tool failures: they end the loop
 * with an outcome code and the provider's message.
 */
export async function runToolLoop(input: ToolLoopInput): Promise<ToolLoopResult> {
  const now = input.now ?? Date.now;
  const started = now();
  const { limits } = input;
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    limits.timeoutMs !== undefined && limits.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`gate time-out after ${limits.timeoutMs} ms`));
        }, limits.timeoutMs)
      : undefined;
  timer?.unref?.();
  const onOuterAbort = () => controller.abort(input.signal?.reason);
  if (input.signal?.aborted) onOuterAbort();
  else input.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: input.user }] }];
  const rounds: LoopRound[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  let costPico = 0n;
  // What the cost cap counts: real calls only (a simulated call's price is shown but never charged).
  let chargedPico = 0n;
  let finalText = '';
  let simulated = false;
  const servedModels = new Set<string>();

  const finish = (outcome: ToolLoopResult['outcome'], error?: string): ToolLoopResult => {
    if (timer) clearTimeout(timer);
    input.signal?.removeEventListener('abort', onOuterAbort);
    return { outcome, error, rounds, usage, costPico, finalText, simulated, servedModels: [...servedModels], durationMs: now() - started };
  };
  const stopCodeForAbort = (): LoopStopCode => (timedOut ? 'TIMEOUT' : 'CANCELLED');

  try {
    for (let round = 1; ; round++) {
      if (controller.signal.aborted) return finish(stopCodeForAbort(), abortMessage(timedOut, limits.timeoutMs));
      if (input.isCancelled && (await input.isCancelled())) return finish('CANCELLED', 'the run was cancelled');
      if (limits.costCapPico !== undefined && chargedPico >= limits.costCapPico) {
        return finish('BUDGET_EXCEEDED', `spent ${formatUsd(chargedPico)} USD, the budget left for this attempt was ${formatUsd(limits.costCapPico)} USD`);
      }
      const outputAllowance = Math.min(limits.maxOutputTokensPerCall, limits.maxOutputTokens - usage.outputTokens);
      if (outputAllowance <= 0) return finish('TOKEN_LIMIT', `used ${usage.outputTokens} output tokens, the limit is ${limits.maxOutputTokens}`);

      const roundStarted = now();
      const record: LoopRound = {
        round,
        startedAt: new Date(roundStarted).toISOString(),
        durationMs: 0,
        request: {
          messages: messages.length,
          maxOutputTokens: outputAllowance,
          tools: input.tools.map((tool) => tool.name),
          sent: summariseBlocks(messages[messages.length - 1].content),
        },
        response: null,
        toolResults: [],
        costUsd: '0.00',
      };
      rounds.push(record);

      let response: ModelResponse;
      try {
        // Raced against the abort signal: a provider that ignores it cannot hold the gate past its time-out.
        response = await raceAbort(controller.signal, input.adapter.complete({
          model: input.model,
          system: input.system,
          messages: messages.map((message) => ({ role: message.role, content: [...message.content] })),
          tools: input.tools,
          maxOutputTokens: outputAllowance,
          signal: controller.signal,
          onTextDelta: input.onTextDelta,
          gateContext: input.gateContext,
        }));
      } catch (error) {
        record.durationMs = now() - roundStarted;
        record.modelMs = record.durationMs;
        record.error = errorMessage(error);
        input.onRound?.(record);
        if (controller.signal.aborted) return finish(stopCodeForAbort(), abortMessage(timedOut, limits.timeoutMs));
        // Still down after the adapter's and router's retries: the provider's outage, not the model's answer.
        const outage = error instanceof ModelCallError && isProviderOutage(error);
        return finish(outage ? 'PROVIDER_UNAVAILABLE' : 'MODEL_ERROR', `${input.model.provider} ${input.model.id}: ${errorMessage(error)}`);
      }

      record.modelMs = now() - roundStarted;
      const callUsage = { inputTokens: nonNegative(response.usage?.inputTokens), outputTokens: nonNegative(response.usage?.outputTokens) };
      // After a router fallback another model answered: price the call at that model's rates.
      const servedBy = response.servedBy ?? input.model;
      const callCost = tokenCost(callUsage.inputTokens, callUsage.outputTokens, servedBy);
      servedModels.add(`${servedBy.provider}/${servedBy.id}`);
      usage.inputTokens += callUsage.inputTokens;
      usage.outputTokens += callUsage.outputTokens;
      costPico += callCost;
      if (response.simulated !== true) chargedPico += callCost;
      simulated ||= response.simulated === true;
      if (response.text) finalText = response.text;
      record.response = {
        text: response.text ?? '',
        toolCalls: response.toolCalls ?? [],
        stopReason: response.stopReason,
        usage: callUsage,
        raw: response.raw,
        simulated: response.simulated === true,
        servedBy: { id: servedBy.id, provider: servedBy.provider },
      };
      record.costUsd = formatUsd(callCost);

      const toolCalls = response.toolCalls ?? [];
      const assistant: ContentBlock[] = [];
      if (response.text) assistant.push({ type: 'text', text: response.text });
      assistant.push(...toolCalls);
      messages.push({ role: 'assistant', content: assistant.length > 0 ? assistant : [{ type: 'text', text: '' }] });

      if (toolCalls.length === 0) {
        record.durationMs = now() - roundStarted;
        input.onRound?.(record);
        return finish('completed');
      }

      // Calls of one round run in order: a write followed by a read of the same file must see the write.
      record.toolTimings = [];
      for (const call of toolCalls) {
        const toolStarted = now();
        record.toolResults.push(await executeToolCall(input.workspace, call, input.toolOptions));
        record.toolTimings.push({ toolUseId: call.id, name: call.name, startedAt: new Date(toolStarted).toISOString(), durationMs: now() - toolStarted });
      }
      messages.push({ role: 'user', content: [...record.toolResults] });
      record.durationMs = now() - roundStarted;
      input.onRound?.(record);

      if (controller.signal.aborted) return finish(stopCodeForAbort(), abortMessage(timedOut, limits.timeoutMs));
      if (limits.costCapPico !== undefined && chargedPico > limits.costCapPico) {
        return finish('BUDGET_EXCEEDED', `spent ${formatUsd(chargedPico)} USD, more than the ${formatUsd(limits.costCapPico)} USD left for this attempt`);
      }
      if (usage.inputTokens > limits.maxInputTokens) {
        return finish('TOKEN_LIMIT', `used ${usage.inputTokens} input tokens, the limit is ${limits.maxInputTokens}`);
      }
      if (usage.outputTokens >= limits.maxOutputTokens) {
        return finish('TOKEN_LIMIT', `used ${usage.outputTokens} output tokens, the limit is ${limits.maxOutputTokens}`);
      }
      if (round >= limits.maxRounds) return finish('MAX_ROUNDS', `the model was still calling tools after ${limits.maxRounds} rounds`);
    }
  } catch (error) {
    // Only a bug in a collaborator lands here (tool execution itself never throws).
    return finish('MODEL_ERROR', errorMessage(error));
  }
}

function raceAbort<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason ?? new Error('aborted'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function summariseBlocks(blocks: ContentBlock[]): LoopRound['request']['sent'] {
  return blocks.map((block) => {
    if (block.type === 'text') return { type: 'text', chars: block.text.length };
    if (block.type === 'tool_result') return { type: 'tool_result', chars: block.content.length, toolUseId: block.toolUseId, isError: block.isError === true };
    return { type: block.type, chars: JSON.stringify(block.input).length };
  });
}

function abortMessage(timedOut: boolean, timeoutMs?: number): string {
  return timedOut ? `no result within the gate time-out of ${Math.round((timeoutMs ?? 0) / 1000)} s` : 'the attempt was cancelled';
}

function errorMessage(error: unknown): string {
  if (error instanceof ModelCallError) return `${error.message}${error.status ? ` (HTTP ${error.status})` : ''}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

function nonNegative(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
