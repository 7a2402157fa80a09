/** Unit and infra tests run in parallel; integration tests share one local stack started in globalSetup. */
const transform = { '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };
// @middy/core and tinyh264 ship only ES modules; jest runs CommonJS, so they are transformed like our own code.
const transformIgnorePatterns = ['/node_modules/(?!@middy/|tinyh264/)'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      setupFiles: ['<rootDir>/test/unit/environment.ts'],
    },
    { displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'], transform, transformIgnorePatterns },
    {
      // The portal's browser tests (test/browser) use the same local stack.
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/browser/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/integration/timeout.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
  ],
};
