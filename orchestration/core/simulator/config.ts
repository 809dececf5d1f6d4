/**
 * How the simulator behaves. Everything is deterministic for a given run, gate and attempt, so a forced failure
 * reproduces exactly.
 */
export interface SimulatorGateBehaviour {
  /** Attempts 1…N write deliberately incomplete output, so the contract fails (not an exception). */
  failAttempts?: number;
  /** Probability (0–1) that an attempt writes incomplete output; overrides the global rate. */
  failRate?: number;
  /** Attempts 1…N answer with a provider error instead (MODEL_ERROR). */
  modelErrorAttempts?: number;
  /** Delay per model round for this gate, ms. */
  latencyMs?: number;
}

export interface SimulatorConfig {
  /** Delay per model round, ms (default 0). */
  latencyMs?: number;
  /** Probability (0–1) that any attempt writes incomplete output (default 0). */
  failRate?: number;
  /** Probability (0–1) that any attempt answers with a provider error (default 0). */
  modelErrorRate?: number;
  /** Per gate id (e.g. "G3") overrides. */
  gates?: Record<string, SimulatorGateBehaviour>;
  /** Files written per round (default 3). */
  filesPerRound?: number;
  /** Extra seed mixed into every choice (default ""). */
  seed?: string;
}

export function behaviourFor(config: SimulatorConfig, gateId: string): Required<Omit<SimulatorGateBehaviour, never>> {
  const gate = config.gates?.[gateId] ?? {};
  return {
    failAttempts: gate.failAttempts ?? 0,
    failRate: clampRate(gate.failRate ?? config.failRate ?? 0),
    modelErrorAttempts: gate.modelErrorAttempts ?? 0,
    latencyMs: Math.max(0, gate.latencyMs ?? config.latencyMs ?? 0),
  };
}

function clampRate(rate: number): number {
  return Number.isFinite(rate) ? Math.min(1, Math.max(0, rate)) : 0;
}

/** Reads `ESY_SIMULATOR_*` variables (for the server and demos): latency, fail rate, and `G3=2,G5=1` forced failures. */
export function simulatorConfigFromEnv(env: Record<string, string | undefined> = process.env): SimulatorConfig {
  const config: SimulatorConfig = {};
  const number = (value: string | undefined) => (value !== undefined && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
  config.latencyMs = number(env.ESY_SIMULATOR_LATENCY_MS);
  config.failRate = number(env.ESY_SIMULATOR_FAIL_RATE);
  config.modelErrorRate = number(env.ESY_SIMULATOR_MODEL_ERROR_RATE);
  const forced = env.ESY_SIMULATOR_FAIL_GATES;
  if (forced) {
    config.gates = {};
    for (const entry of forced.split(',')) {
      const [gate, attempts] = entry.split('=').map((part) => part.trim());
      if (gate) config.gates[gate] = { failAttempts: attempts ? Math.max(0, Math.floor(Number(attempts)) || 0) : 1 };
    }
  }
  return config;
}
