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

/**
 * A model's hidden quality in the simulator, so routing can be exercised without providers: the probability that
 * an attempt on this model passes its gate's contract, and its delay per model round. `gates` refines both per
 * gate id. The pass/fail draw depends only on (seed, run, gate, attempt), so a run replays exactly.
 */
export interface SimulatorModelProfile {
  passRate?: number;
  latencyMs?: number;
  gates?: Record<string, { passRate?: number; latencyMs?: number }>;
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
  /** Per model id quality profiles (pass rate, latency), optionally per gate; they win over the rates above. */
  models?: Record<string, SimulatorModelProfile>;
  /** Files written per round (default 3). */
  filesPerRound?: number;
  /** Extra seed mixed into every choice (default ""). */
  seed?: string;
  /**
   * Gates whose HTML writes leave out every drawn figure (`<svg>`, `<canvas>`): a later stage undoing verified work,
   * to exercise the final integrity sweep (`ESY_SIMULATOR_STRIP_FIGURES=G6.6`).
   */
  stripFiguresAt?: string[];
}

/** What the simulator does for this gate on this model: most specific setting first (model × gate, model, gate, global). */
export function behaviourFor(config: SimulatorConfig, gateId: string, modelId?: string): Required<Omit<SimulatorGateBehaviour, never>> {
  const gate = config.gates?.[gateId] ?? {};
  const model = modelId ? config.models?.[modelId] : undefined;
  const modelGate = model?.gates?.[gateId];
  const passRate = modelGate?.passRate ?? model?.passRate;
  return {
    failAttempts: gate.failAttempts ?? 0,
    failRate: clampRate(passRate !== undefined ? 1 - passRate : gate.failRate ?? config.failRate ?? 0),
    modelErrorAttempts: gate.modelErrorAttempts ?? 0,
    latencyMs: Math.max(0, modelGate?.latencyMs ?? model?.latencyMs ?? gate.latencyMs ?? config.latencyMs ?? 0),
  };
}

/**
 * Parses quality profiles written as `model[@gate]=passRate[:latencyMs]`, comma-separated, e.g.
 * `claude-haiku-3.5=0.97:300,claude-haiku-3.5@G5=0.6`. Throws naming the entry that is malformed.
 */
export function parseModelProfiles(text: string): Record<string, SimulatorModelProfile> {
  const profiles: Record<string, SimulatorModelProfile> = {};
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const match = /^([^@=\s]+)(?:@([^=\s]+))?=(\d*\.?\d+)?(?::(\d+))?$/.exec(entry);
    const passRate = match?.[3] !== undefined ? Number(match[3]) : undefined;
    if (!match || (passRate === undefined && match[4] === undefined) || (passRate !== undefined && (passRate < 0 || passRate > 1))) {
      throw new Error(`simulator model profile "${entry}" must look like model[@gate]=passRate[:latencyMs] with a pass rate between 0 and 1`);
    }
    const values = { ...(passRate !== undefined ? { passRate } : {}), ...(match[4] !== undefined ? { latencyMs: Number(match[4]) } : {}) };
    const profile = (profiles[match[1]] ??= {});
    if (match[2]) profile.gates = { ...profile.gates, [match[2]]: { ...profile.gates?.[match[2]], ...values } };
    else Object.assign(profile, values);
  }
  return profiles;
}

function clampRate(rate: number): number {
  return Number.isFinite(rate) ? Math.min(1, Math.max(0, rate)) : 0;
}

/**
 * Reads `ESY_SIMULATOR_*` variables (for the server and demos): latency, fail rate, `G3=2,G5=1` forced failures and
 * `ESY_SIMULATOR_MODEL_PROFILES` (see parseModelProfiles).
 */
export function simulatorConfigFromEnv(env: Record<string, string | undefined> = process.env): SimulatorConfig {
  const config: SimulatorConfig = {};
  const number = (value: string | undefined) => (value !== undefined && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
  config.latencyMs = number(env.ESY_SIMULATOR_LATENCY_MS);
  config.failRate = number(env.ESY_SIMULATOR_FAIL_RATE);
  config.modelErrorRate = number(env.ESY_SIMULATOR_MODEL_ERROR_RATE);
  if (env.ESY_SIMULATOR_MODEL_PROFILES?.trim()) config.models = parseModelProfiles(env.ESY_SIMULATOR_MODEL_PROFILES);
  if (env.ESY_SIMULATOR_STRIP_FIGURES?.trim()) config.stripFiguresAt = env.ESY_SIMULATOR_STRIP_FIGURES.split(',').map((gate) => gate.trim()).filter(Boolean);
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
