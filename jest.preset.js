// Shared Jest settings for the server-side projects: SWC compiles TypeScript (with decorator metadata for NestJS).
const path = require('node:path');
const swcConfig = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcConfig.$schema;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@esy/orchestration$': path.join(__dirname, 'orchestration/core/index.ts'),
    '^@esy/sdk$': path.join(__dirname, 'libs/sdk/src/index.ts'),
    // Test helpers of the core for other projects' tests (imported by name: the module-boundary rule forbids paths).
    '^@esy/orchestration/test-support$': path.join(__dirname, 'orchestration/test-support/fake-providers/index.ts'),
    '^@esy/orchestration/run-store-contract$': path.join(__dirname, 'orchestration/test/engine/support/run-store-contract.ts'),
  },
};
