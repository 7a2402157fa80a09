/**
 * `npm run test:shipped`, after `npm run synth`: the bundles in cdk.out against a local stack of their own, started
 * and stopped as for the integration tests. Not part of `npm test`, which runs before anything is synthesized.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads its configuration as CommonJS
const { projects } = require('../../jest.config');

const integration = projects.find((project) => project.displayName === 'integration');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  displayName: 'shipped',
  testMatch: ['<rootDir>/test/shipped/**/*.test.ts'],
  setupFilesAfterEnv: integration.setupFilesAfterEnv,
  transform: integration.transform,
  transformIgnorePatterns: integration.transformIgnorePatterns,
  globalSetup: integration.globalSetup,
  globalTeardown: integration.globalTeardown,
};
