// Every Jest suite of the workspace; `npm test` runs them all.
module.exports = {
  projects: ['<rootDir>/orchestration', '<rootDir>/backend'],
};
