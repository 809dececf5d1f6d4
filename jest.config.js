// Every Jest suite of the workspace; `npm test` runs them all.
module.exports = {
  projects: ['<rootDir>/orchestration', '<rootDir>/backend'],
  // A global option: Jest ignores `testTimeout` inside a project's config when it runs projects together, and the
  // backend suites start real API and worker processes.
  testTimeout: 60_000,
};
