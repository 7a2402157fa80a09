/**
 * Cognito's pre-token-generation trigger (event version 2). Cognito puts the scope `aws.cognito.signin.user.admin`
 * in every access token it issues through its API, and that scope lets the token's holder call Cognito directly
 * (GetUser, UpdateUserAttributes, ChangePassword, DeleteUser...) around our API. Our API needs no scope, so the
 * access tokens are issued without it: a token then opens our API and nothing else (docs/SECURITY.md).
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

export const SELF_SERVICE_SCOPE = 'aws.cognito.signin.user.admin';

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: [SELF_SERVICE_SCOPE] } } };
  return event;
};
