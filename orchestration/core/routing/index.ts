// Self-optimising routing: evidence per gate × model, the `auto` decision, and its hook into the engine's resolver.
export * from './beta';
export * from './evidence';
export * from './stage-routing';
export * from './auto-decision';
export * from './auto-resolver';
export * from './observations';
export * from './pooling';
export * from './model-shift';
