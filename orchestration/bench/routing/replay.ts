/**
 * The bench's fast replay (`npm run bench:routing -- --replay`): the same policies, decision code, evidence book,
 * hidden pass rates and pass/fail draws as the engine arms (the simulator's formula: one uniform per seed, run,
 * gate and attempt, failing below 1 − p), without running agents, contracts or the validator. Each gate's token
 * use is replayed from token-profile.json (first attempts of one engine run per bench intent, on the frontier
 * tier), so costs are the engine's to within the per-run spread of tokens. Seconds instead of a loaded VM's hour:
 * what makes checking several seeds practical. The engine bench stays the measure of record.
 */
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import type { ModelTier } from '../../core/models/model-adapter';
import { selectModel } from '../../core/models/model-selection';
import { decideAutoRoute } from '../../core/routing/auto-decision';
import { EvidenceBook, type GateModelEvidence } from '../../core/routing/evidence';
import { DEFAULT_TARGET_PASS_RATE } from '../../core/routing/stage-routing';
import { Rng } from '../../core/simulator/rng';
import type { ArmName, ArmOptions, RunResult } from './arms';
import { INTENTS, oracleEvidence } from './arms';
import { hiddenPassRate } from './scenario';
import profile from './token-profile.json';

type ProfileGate = { gate: string; skipped?: boolean; tokensIn?: number; tokensOut?: number };
const PROFILE = profile as Array<{ workflow: string; gates: ProfileGate[] }>;
const MAX_ATTEMPTS = 3;

function modelFor(tier: ModelTier, escalation: number) {
  return selectModel({ agentTier: tier, escalationSteps: escalation }, { models: BUILT_IN_MODELS }).model;
}

function priceOf(modelId: string, tokensIn: number, tokensOut: number): number {
  const m = BUILT_IN_MODELS.find((x) => x.id === modelId)!;
  return (tokensIn / 1000) * Number(m.inputPricePer1k) + (tokensOut / 1000) * Number(m.outputPricePer1k);
}

export function replayArm(arm: ArmName, options: ArmOptions): RunResult[] {
  const seed = options.seed ?? '';
  const book = new EvidenceBook();
  let index = 0;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const regressed = () => index >= options.regressionAt;
  const oracle = oracleEvidence(book, regressed);
  const tier: ModelTier = arm === 'cheapest' ? 'low' : 'top';
  const estimates = new Map(INTENTS.map(([slug]) => [slug, new Map(options.catalog.workflows.get(slug)!.gates.map((g) => [g.gate, g.estimates ?? null]))]));
  const results: RunResult[] = [];

  while (index < options.runs) {
    const end = Math.min(options.runs, index + options.batch, index < options.regressionAt ? options.regressionAt : Infinity);
    const trials: Parameters<EvidenceBook['record']>[0][] = [];
    for (; index < end; index++) {
      const [slug] = INTENTS[index % INTENTS.length];
      const gates = PROFILE[index % INTENTS.length].gates;
      const result: RunResult = { index, workflow: slug, costUsd: 0, completed: true, paused: false, firstAttempts: 0, firstPasses: 0, choices: [] };
      for (const gate of gates) {
        if (gate.skipped) continue;
        const runId = `bench-run-${index}`;
        let first = modelFor(tier, 0);
        let kind: string | undefined;
        if (arm === 'auto' || arm === 'oracle') {
          const rng = new Rng(`bench${seed}|${runId}|${gate.gate}|1|replay`);
          const decision = decideAutoRoute({
            gateId: gate.gate,
            candidates: BUILT_IN_MODELS,
            staticModel: first,
            evidence: (arm === 'oracle' ? oracle : book).forGate(gate.gate, true) as GateModelEvidence[],
            estimates: estimates.get(slug)!.get(gate.gate),
            targetPassRate: options.targetPassRate ?? DEFAULT_TARGET_PASS_RATE,
            explorationShare: arm === 'oracle' ? 0 : options.exploration,
            random: () => rng.next(),
          });
          first = decision.model;
          kind = decision.record.kind;
        }
        result.choices.push({ gate: gate.gate, model: first.id, kind });
        let passed = false;
        for (let attempt = 1; attempt <= MAX_ATTEMPTS && !passed; attempt++) {
          // Retries run on the stage's static tier, escalating once per failure (escalate_on_retry in every built-in workflow).
          const model = attempt === 1 ? first : modelFor(tier, attempt - 1);
          const draw = new Rng(`${seed}|${runId}|${gate.gate}|${attempt}|fail`).next();
          passed = draw >= 1 - hiddenPassRate(model.id, gate.gate, regressed());
          const cost = priceOf(model.id, gate.tokensIn!, gate.tokensOut!);
          result.costUsd += cost;
          if (attempt === 1) {
            result.firstAttempts++;
            if (passed) result.firstPasses++;
            trials.push({ gateId: gate.gate, modelId: model.id, passed, tokensIn: gate.tokensIn!, tokensOut: gate.tokensOut!, costUsd: cost, latencyMs: 0, simulated: true, source: 'attempt', at: new Date((clock += 1000)) });
          }
        }
        if (!passed) {
          result.completed = false;
          result.paused = true;
          break;
        }
      }
      results.push(result);
    }
    // Evidence arrives when a batch has settled, as in the engine arms.
    for (const trial of trials) book.record(trial);
    options.onProgress?.(index);
  }
  return results;
}
