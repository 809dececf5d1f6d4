export * from './models/model-adapter';
export * from './models/catalog';
// Model layer: adapters, router, provider registry, credentials, cost.
export * from './models/adapter-options';
export * from './models/provider-errors';
export * from './models/anthropic-adapter';
export * from './models/openai-adapter';
export * from './models/gemini-adapter';
export * from './models/routing-log';
export * from './models/model-selection';
export * from './models/retry-policy';
export * from './models/concurrency-limiter';
export * from './models/provider-registry';
export * from './models/router';
export * from './models/credentials';
export * from './models/cost';
export * from './models/provider-check';
// Content (loading + schemas), contract validation, prompt packets.
export * from './content';
export * from './validation';
export * from './prompt';
// Execution core: workspace + tools, tool loop, gate executor, run lifecycle, ports, local hosts; the simulator provider.
export * from './engine';
export * from './simulator';
// Self-optimising (auto) routing.
export * from './routing';
