import type { ContractValidation, Depth, GateContract } from '../content/contract-schema';
import type { WriteScope } from '../engine/write-scope';

/**
 * What the gate executor tells the simulator about the gate (passed as `ModelRequest.gateContext`; real providers
 * ignore it). The simulator reads the contract and writes files that satisfy it.
 */
export interface SimulatorGateContext {
  runId: string;
  workflow: string;
  gateId: string;
  gateName: string;
  attemptNumber: number;
  /** The gate's contract, or null for a gate without one. */
  contract: GateContract | null;
  depth: Depth;
  /** `{slug}` in contract paths. */
  slug: string;
  /** `{artifact_path}`: the artifact folder relative to the workspace root ('' in a run). */
  artifactPath: string;
  intent: Record<string, unknown>;
  mode: string;
  /** Required outputs with template variables resolved (all_of, then the first any_of). */
  requiredOutputs: string[];
  /** The workflow's declared inputs and outputs of the gate. */
  inputs: string[];
  outputs: string[];
  agentSlug: string;
  /** The agent's role within a parallel gate. */
  agentRole?: string;
  /** Position among the gate's parallel agents (0 when alone) and how many there are. */
  agentIndex: number;
  agentCount: number;
  modelId: string;
  /** What the stage may write (files outside it are refused); absent = anything (tests that drive it directly). */
  writeScope?: WriteScope;
  /** Checks other gates run on files this stage may write (they must keep passing). */
  crossChecks?: ContractValidation[];
}

export function isSimulatorGateContext(value: unknown): value is SimulatorGateContext {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return typeof record.runId === 'string' && typeof record.gateId === 'string' && typeof record.attemptNumber === 'number';
}
