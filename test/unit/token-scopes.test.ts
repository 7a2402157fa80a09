import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { handler, SELF_SERVICE_SCOPE } from '../../functions/accounts/handlers/token-scopes';

describe('the token trigger (attack 1)', () => {
  it("takes the self-service scope out of every access token, and changes nothing else", async () => {
    const event = JSON.parse(readFileSync(join(__dirname, '../../events/accounts/token-scopes.json'), 'utf8')) as PreTokenGenerationV2TriggerEvent;
    const answered = await handler(structuredClone(event));
    expect(answered.response).toEqual({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: [SELF_SERVICE_SCOPE] } } });
    expect({ ...answered, response: event.response }).toEqual(event);
    expect(SELF_SERVICE_SCOPE).toBe('aws.cognito.signin.user.admin');
  });
});
