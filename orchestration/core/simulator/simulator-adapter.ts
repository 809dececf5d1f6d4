/**
 * The built-in deterministic model provider. It works through the same tool calls a real model makes:
 * round 1 lists the workspace, round 2 reads the inputs it needs, then it writes the files the gate contract asks
 * for (a few per round), and finally answers with a short summary. Nothing depends on the clock: the same run,
 * gate and attempt always produce the same files and token counts.
 */
import { extractClaims } from '../validation/viz-tech';
import { ModelCallError, type ChatMessage, type ModelAdapter, type ModelRequest, type ModelResponse, type ToolUseBlock } from '../models/model-adapter';
import { behaviourFor, type SimulatorConfig } from './config';
import { breakPlan, expandPath, planFiles, type FilePlan } from './file-plan';
import { isSimulatorGateContext, type SimulatorGateContext } from './gate-context';
import { capitalize, genreOf } from './prose';
import { isSimulatorRubricContext, simulatedRubricAnswer } from './rubric-judge';
import { hashSeed, Rng } from './rng';
import { figureDataFrom } from './figures';
import { LIBRARY_CHOICES } from './viz-snippets';
import { writeFile } from './writers';

/** Rough tokens for a text: ~4 characters per token, as tokenizers average on English prose and code. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export class SimulatorAdapter implements ModelAdapter {
  readonly provider = 'simulator';

  constructor(private readonly config: SimulatorConfig = {}) {}

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const context = isSimulatorGateContext(request.gateContext) ? request.gateContext : null;
    const behaviour = behaviourFor(this.config, context?.gateId ?? '', context?.modelId ?? request.model.id);
    await delay(behaviour.latencyMs, request.signal);
    if (isSimulatorRubricContext(request.gateContext)) return this.respond(request, simulatedRubricAnswer(request.gateContext), [], 0);
    if (!context) return this.plainAnswer(request);

    const seed = `${this.config.seed ?? ''}|${context.runId}|${context.gateId}|${context.attemptNumber}`;
    const round = request.messages.filter((message) => message.role === 'assistant').length;
    if (round === 0) {
      const forcedError = context.attemptNumber <= behaviour.modelErrorAttempts;
      const randomError = new Rng(`${seed}|model-error`).next() < (this.config.modelErrorRate ?? 0);
      if (forcedError || randomError) {
        throw new ModelCallError(`simulated provider error for ${context.gateId} attempt ${context.attemptNumber}`, 'bad_request', undefined, 400);
      }
    }
    const failing = context.attemptNumber <= behaviour.failAttempts || new Rng(`${seed}|fail`).next() < behaviour.failRate;
    const idPrefix = `toolu_sim_${hashSeed(`${seed}|${context.agentSlug}|${context.agentIndex}`).toString(36)}`;
    const step = this.step(context, request.messages, round, failing, seed, idPrefix);
    return this.respond(request, step.text, step.toolCalls, round);
  }

  /** What to do in this round, derived only from the context and the conversation so far. */
  private step(
    context: SimulatorGateContext,
    messages: ChatMessage[],
    round: number,
    failing: boolean,
    seed: string,
    idPrefix: string,
  ): { text: string; toolCalls: ToolUseBlock[] } {
    const call = (index: number, name: string, input: Record<string, unknown>): ToolUseBlock => ({ type: 'tool_use', id: `${idPrefix}_${round}_${index}`, name, input });
    if (round === 0) {
      return { text: `I'll start by looking at what earlier gates left in the workspace for ${context.gateId} ${context.gateName}.`, toolCalls: [call(0, 'list_directory', {})] };
    }
    const listing = parseListing(toolResultText(messages, 0));
    const reads = this.readsFor(context, listing);
    const readRound = reads.length > 0 ? 1 : -1;
    if (round === readRound) {
      return { text: `Reading ${reads.length === 1 ? 'the input' : `${reads.length} inputs`} before writing.`, toolCalls: reads.map((path, index) => call(index, 'read_file', { path })) };
    }
    const read: Record<string, string> = {};
    if (readRound > 0) {
      const contents = toolResultsOf(messages, readRound);
      reads.forEach((path, index) => {
        const result = contents.get(`${idPrefix}_${readRound}_${index}`);
        if (result && !result.isError) read[path] = result.content;
      });
    }
    const plan = this.plan(context, listing, read, failing);
    const mine = plan.files.filter((_, index) => index % Math.max(1, context.agentCount) === context.agentIndex);
    const perRound = Math.max(1, this.config.filesPerRound ?? 3);
    const firstWriteRound = readRound > 0 ? 2 : 1;
    const batchIndex = round - firstWriteRound;
    const batch = mine.slice(batchIndex * perRound, (batchIndex + 1) * perRound);
    if (batch.length > 0) {
      const rng = new Rng(`${seed}|${context.agentSlug}|write`);
      const subject = subjectOf(context);
      const angle = String(context.intent.angle ?? context.mode ?? 'historical');
      const strip = this.config.stripFiguresAt?.includes(context.gateId) ?? false;
      // Figures plot the run's own data: the years its inputs mention, with counts fixed per run.
      const figures = figureDataFrom(Object.values(read), new Rng(`${this.config.seed ?? ''}|${context.runId}|figures`));
      const toolCalls = batch.map((spec, index) => {
        const content = writeFile(spec, { subject, angle, genre: genreOf(context.workflow), gateName: context.gateName, agentSlug: context.agentSlug, rng, figures });
        return call(index, 'write_file', { path: spec.path, content: strip && /\.html?$/.test(spec.path) ? withoutFigures(content) : content });
      });
      const names = batch.map((spec) => spec.path).join(', ');
      return { text: batchIndex === 0 ? `Writing ${names}.` : `Continuing with ${names}.`, toolCalls };
    }
    return { text: summary(context, mine.map((spec) => spec.path), plan, failing), toolCalls: [] };
  }

  private readsFor(context: SimulatorGateContext, listing: string[]): string[] {
    const wanted = new Set<string>();
    for (const input of context.inputs) {
      const path = expandPath(input, context, listing);
      if (listing.includes(path)) wanted.add(path);
    }
    for (const validation of [...(context.contract?.validations ?? []), ...(context.crossChecks ?? [])]) {
      if (validation.type !== 'viz_tech_match') continue;
      const metadata = expandPath(validation.metadata_source, context, listing);
      if (listing.includes(metadata)) wanted.add(metadata);
    }
    return [...wanted].slice(0, 6);
  }

  private plan(context: SimulatorGateContext, listing: string[], read: Record<string, string>, failing: boolean): FilePlan {
    let existingClaims: string[] | undefined;
    for (const [path, text] of Object.entries(read)) {
      const claims = extractClaims(text, path);
      const checks = [...(context.contract?.validations ?? []), ...(context.crossChecks ?? [])];
      if (claims.length > 0 && checks.some((v) => v.type === 'viz_tech_match' && expandPath(v.metadata_source, context, listing) === path)) existingClaims = claims;
    }
    const defaultLibraries = LIBRARY_CHOICES[hashSeed(`${this.config.seed ?? ''}|${context.runId}|libraries`) % LIBRARY_CHOICES.length];
    const plan = planFiles({ context, existing: listing, read, existingClaims, defaultLibraries });
    return failing ? breakPlan(plan) : plan;
  }

  private respond(request: ModelRequest, text: string, toolCalls: ToolUseBlock[], round: number): ModelResponse {
    streamText(text, request.onTextDelta);
    const inputTokens =
      estimateTokens(request.system) +
      request.messages.reduce((sum, message) => sum + message.content.reduce((s, block) => s + estimateTokens(blockText(block)), 4), 0) +
      estimateTokens(JSON.stringify(request.tools));
    const outputTokens = Math.max(1, estimateTokens(text) + toolCalls.reduce((sum, call) => sum + 12 + estimateTokens(JSON.stringify(call.input)), 0));
    const stopReason = toolCalls.length > 0 ? 'tool_use' : 'end_turn';
    return {
      text,
      toolCalls,
      usage: { inputTokens, outputTokens },
      stopReason,
      simulated: true,
      raw: {
        provider: 'simulator',
        model: request.model.id,
        round: round + 1,
        stop_reason: stopReason,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
        content: [
          ...(text ? [{ type: 'text', text }] : []),
          ...toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, path: call.input.path ?? null, chars: typeof call.input.content === 'string' ? call.input.content.length : undefined })),
        ],
      },
    };
  }

  /** Without gate facts (a direct call) the simulator just answers in one short message. */
  private plainAnswer(request: ModelRequest): ModelResponse {
    const last = request.messages[request.messages.length - 1];
    const asked = last?.content.map(blockText).join(' ').slice(0, 80) ?? '';
    return this.respond(request, `Simulated answer from ${request.model.id}${asked ? ` to: "${asked}"` : ''}.`, [], request.messages.filter((m) => m.role === 'assistant').length);
  }
}

function subjectOf(context: SimulatorGateContext): string {
  for (const key of ['word', 'topic', 'subject', 'concept', 'question', 'title', 'theme', 'name']) {
    const value = context.intent[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  const first = Object.values(context.intent).find((value) => typeof value === 'string' && value.trim());
  return typeof first === 'string' ? first.trim() : context.workflow.replace(/-/g, ' ');
}

function summary(context: SimulatorGateContext, written: string[], plan: FilePlan, failing: boolean): string {
  const files = written.length === 0 ? 'no files (another agent covers this gate\'s files)' : written.map((path) => `- ${path}`).join('\n');
  const role = context.agentRole ? ` as ${context.agentRole}` : '';
  if (failing) {
    const missing = plan.omitted.length > 0 ? ` I could not produce ${plan.omitted.join(', ')}.` : ' Some sections are still drafts.';
    return `${capitalize(context.gateName)}${role}: wrote\n${files}\nThe work is incomplete.${missing}`;
  }
  return `${capitalize(context.gateName)}${role}: wrote\n${files}\nEvery required output is in place for the ${context.gateId} checks.`;
}

function blockText(block: ChatMessage['content'][number]): string {
  if (block.type === 'text') return block.text;
  if (block.type === 'tool_result') return block.content;
  return JSON.stringify(block.input);
}

/** The content of the tool results that answered the assistant message of round `round`. */
function toolResultsOf(messages: ChatMessage[], round: number): Map<string, { content: string; isError: boolean }> {
  const results = new Map<string, { content: string; isError: boolean }>();
  let seen = -1;
  for (let index = 0; index < messages.length; index++) {
    if (messages[index].role !== 'assistant') continue;
    seen++;
    if (seen !== round) continue;
    for (const block of messages[index + 1]?.content ?? []) {
      if (block.type === 'tool_result') results.set(block.toolUseId, { content: block.content, isError: block.isError === true });
    }
  }
  return results;
}

function toolResultText(messages: ChatMessage[], round: number): string {
  const [first] = toolResultsOf(messages, round).values();
  return first && !first.isError ? first.content : '';
}

/** Files from a list_directory answer ("N files in the workspace root:\n a\n b"). */
function parseListing(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length < 2 || !/ in (the workspace root|".*"):$/.test(lines[0])) return [];
  return lines.slice(1).filter((line) => line && !line.startsWith('… '));
}

function streamText(text: string, onDelta?: (delta: string) => void): void {
  if (!onDelta || !text) return;
  for (let index = 0; index < text.length; index += 24) onDelta(text.slice(index, index + 24));
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ModelCallError('the call was aborted', 'aborted'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ModelCallError('the call was aborted', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The HTML with every drawn figure taken out (a misbehaving later stage, for the integrity sweep). */
function withoutFigures(html: string): string {
  return html
    .replace(/<svg\b[\s\S]*?<\/svg>/gi, '')
    .replace(/<canvas\b[^>]*>(?:[\s\S]*?<\/canvas>)?/gi, '')
    .replace(/&lt;svg|<svg|<canvas/gi, '')
    .replace(/<figure\b[\s\S]*?<\/figure>/gi, '');
}
