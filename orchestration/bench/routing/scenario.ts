/**
 * The bench's hidden world: each model's true first-attempt pass rate per gate (the simulator's quality profiles),
 * which the oracle knows and the other arms do not. Cheap models are as good as the frontier at mechanical gates
 * (audits, certification, intake) and poor at research and writing; mid-tier models are good except at the three
 * hardest gates. Halfway through, the cheapest model regresses at the gates it was good at.
 */
import type { SimulatorModelProfile } from '../../core/simulator/config';

export const MECHANICAL_GATES = ['G1', 'G2.2', 'G4.5', 'G5.2', 'G5.3', 'G5.4', 'G5.5', 'G6.6', 'G7', 'G8', 'G9'];
export const HARD_GATES = ['G2', 'G3', 'G5'];
export const MODERATE_GATES = ['G4', 'G4.1', 'G4.6', 'G6', 'G6.5'];

/** The model that regresses halfway, and its pass rate at its good gates afterwards. */
export const REGRESSING_MODEL = 'gpt-4o-mini';
export const REGRESSED_PASS_RATE = 0.6;

type Rates = { mechanical: number; moderate: number; hard: number };

const HIDDEN: Record<string, Rates> = {
  'claude-opus-4': { mechanical: 0.97, moderate: 0.97, hard: 0.97 },
  'gpt-5.3': { mechanical: 0.96, moderate: 0.96, hard: 0.96 },
  o3: { mechanical: 0.97, moderate: 0.97, hard: 0.95 },
  'claude-sonnet-4': { mechanical: 0.97, moderate: 0.97, hard: 0.85 },
  'gpt-4o': { mechanical: 0.96, moderate: 0.96, hard: 0.82 },
  'o3-mini': { mechanical: 0.97, moderate: 0.97, hard: 0.8 },
  'gemini-2.5-pro': { mechanical: 0.96, moderate: 0.95, hard: 0.84 },
  'claude-haiku-3.5': { mechanical: 0.97, moderate: 0.75, hard: 0.55 },
  'gpt-4o-mini': { mechanical: 0.98, moderate: 0.65, hard: 0.45 },
  'gemini-2.5-flash': { mechanical: 0.9, moderate: 0.7, hard: 0.5 },
};

export function hiddenPassRate(modelId: string, gateId: string, regressed: boolean): number {
  const rates = HIDDEN[modelId];
  if (!rates) return 0.5;
  if (MECHANICAL_GATES.includes(gateId)) return regressed && modelId === REGRESSING_MODEL ? REGRESSED_PASS_RATE : rates.mechanical;
  if (HARD_GATES.includes(gateId)) return rates.hard;
  return rates.moderate;
}

/** The simulator profiles for every model × gate, before or after the regression. */
export function simulatorProfiles(regressed: boolean): Record<string, SimulatorModelProfile> {
  const gates = [...MECHANICAL_GATES, ...HARD_GATES, ...MODERATE_GATES];
  return Object.fromEntries(
    Object.keys(HIDDEN).map((modelId) => [modelId, { gates: Object.fromEntries(gates.map((gate) => [gate, { passRate: hiddenPassRate(modelId, gate, regressed) }])) }]),
  );
}
