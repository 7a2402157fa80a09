/**
 * What every function bundle shares, for the CDK stack (infra/function.ts) and the benchmark (bench/bundles.ts),
 * so the bundles measured are the bundles deployed.
 */

/** CommonJS dependencies call require() on Node built-ins; an ES module has no require of its own. */
export const REQUIRE_BANNER =
  "import { createRequire as pressroomCreateRequire } from 'node:module'; const require = pressroomCreateRequire(import.meta.url);";

/**
 * Credentials come from the environment on Lambda: the SDK's default chain (profiles, SSO, metadata services,
 * ~100 KB) is swapped for that one provider. Paths are relative to the project root.
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './functions/common/aws/lambda-credentials.ts',
};
