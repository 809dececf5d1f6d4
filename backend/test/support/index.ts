export * from './test-database';
export * from './test-app';
export * from './auth-helpers';
export * from './orchestration-fixture';
export * from './smtp-inbox';
