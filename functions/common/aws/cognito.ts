import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { requiredEnv } from '../config';

export const userPoolId = requiredEnv('USER_POOL_ID');
export const userPoolClientId = requiredEnv('USER_POOL_CLIENT_ID');

/** One client per instance; locally AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER points it at cognito-local. */
export const cognito = new CognitoIdentityProviderClient({
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
});
