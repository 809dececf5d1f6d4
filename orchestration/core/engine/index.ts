// The framework-free execution core: one executor, two hosts (the server's TypeORM/Bull/Redis ports, the CLI's local ones).
export * from './money';
export * from './fail-codes';
export * from './workspace';
export * from './tools';
export * from './tool-loop';
export * from './ports';
export { RUN_EVENT_TYPES } from './run-event-types';
export * from './engine-deps';
export * from './attempt-policy';
export * from './gate-executor';
export * from './integrity-sweep';
export * from './write-scope';
export * from './run-lifecycle';
export * from './run-snapshot';
export * from './model-resolvers';
export * from './local';
