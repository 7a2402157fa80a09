import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for the SDK's default credential chain in the Lambda bundles (an esbuild alias, infra/function.ts):
 * Lambda puts the function role's credentials in the environment, so the chain's other providers (profiles, SSO,
 * container and instance metadata, process) are weight a cold start loads for nothing.
 */
export const defaultProvider = (): ReturnType<typeof fromEnv> => fromEnv();
