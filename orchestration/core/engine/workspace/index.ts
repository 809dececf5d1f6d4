export * from './path-confinement';
export * from './workspace';
export * from './memory-workspace';
export * from './disk-workspace';
