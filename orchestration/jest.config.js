// Orchestration tests: the content loader, the contract validator, prompt packets, the esy CLI and the engine.
const preset = require('../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'orchestration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/core/**/*.spec.ts', '<rootDir>/runner/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 30_000,
};
