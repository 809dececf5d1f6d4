// Backend tests: real PostgreSQL and Redis, real HTTP through supertest (see test/support/).
const preset = require('../jest.preset.js');

/** ESM-only packages the backend loads; Jest (Node 20) needs them compiled to CommonJS. */
const ESM_PACKAGES = ['@nestjs', 'openid-client', 'oauth4webapi', 'jose', 'oidc-provider', 'uid', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', 'archiver', 'zip-stream', 'compress-commons', 'crc32-stream', 'is-stream'];

module.exports = {
  ...preset,
  displayName: 'backend',
  rootDir: __dirname,
  transform: {
    '/node_modules/.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.transform.js',
    ...preset.transform,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
};
