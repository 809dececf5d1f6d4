import { BUILT_IN_MODELS } from '../../../core/models/catalog';
import { ProviderRegistry, providerConfigFromEnv } from '../../../core/models/provider-registry';
import { ModelRouter } from '../../../core/models/router';
import { fixedAdapterResolver, routerModelResolver } from '../../../core/engine/model-resolvers';
import type { ModelResolver } from '../../../core/engine/ports';
import { SimulatorAdapter, type SimulatorConfig } from '../../../core/simulator';

export interface ModelSetup {
  resolver: ModelResolver;
  /** "simulator" or "providers: anthropic, openai (others simulated)". */
  description: string;
  simulatedOnly: boolean;
}

/**
 * The seam between `esy run` and the model layer: with a provider key in the environment (and no --simulate) calls
 * go through the ModelRouter to the real providers, and providers without a key fall back to the simulator; with no
 * key everything runs on the simulator.
 */
export function setupModels(options: { simulate: boolean; simulator: SimulatorConfig; env?: Record<string, string | undefined> }): ModelSetup {
  const simulator = new SimulatorAdapter(options.simulator);
  const providers = providerConfigFromEnv(options.env ?? process.env);
  const configured = Object.entries(providers)
    .filter(([, config]) => config.apiKey)
    .map(([name]) => name);
  if (options.simulate || configured.length === 0) {
    return { resolver: fixedAdapterResolver(simulator, BUILT_IN_MODELS), description: 'simulator (no provider key set, or --simulate)', simulatedOnly: true };
  }
  const registry = new ProviderRegistry({ providers, simulationEnabled: true, simulator });
  const router = new ModelRouter({ models: BUILT_IN_MODELS, registry });
  return { resolver: routerModelResolver(router), description: `providers: ${configured.join(', ')} (models of other providers are simulated)`, simulatedOnly: false };
}
