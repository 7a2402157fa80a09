// Tests here sign people up, publish and wait for mail on a busy 2-core machine: seconds, not milliseconds.
// (Jest reads `testTimeout` only from the top-level config, not from a project's, hence this setup file.)
jest.setTimeout(60_000);
