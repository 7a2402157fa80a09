/**
 * Attack 1 of docs/SECURITY.md: Cognito's own API, reached with a token's client id around ours. cognito-local
 * enforces none of the pool's settings (self sign-up, auth flows, writable attributes, token scopes), so what the
 * pool allows is proven on the template (test/infra/stack/accounts.ts) and here the other half: our functions act on
 * the pool only with admin calls, which IAM authorizes and no token holder can make, for a whole account's life.
 */
import { configure, invokeRoute } from './in-process';
import { forgetCodeThrottle, PASSWORD, uniqueEmail } from './accounts-fixtures';
import { endpoints } from './client';
import { latestCode } from './mailbox';
import { startTap } from './tap';
import { backgroundFunctions, routes } from '../../functions/routes';
import type { UserPoolAction } from '../../functions/routes';

const actions: string[] = [];
let closeTap: () => Promise<void>;

beforeAll(async () => {
  const tap = await startTap(endpoints.cognito, async (call, forward) => {
    actions.push(call.target?.split('.').pop() ?? '');
    return forward();
  });
  closeTap = tap.close;
  configure({ AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: tap.url, RESPONSE_FLOOR_MS: '0' });
});

afterAll(() => closeTap());

/** RevokeToken is public but takes the refresh token itself: only its holder can end that session. */
const TOKEN_HOLDER_ACTIONS = ['RevokeToken'];

describe("Cognito's public surface (attack 1)", () => {
  it('a whole account journey reaches Cognito only through admin calls', async () => {
    const email = uniqueEmail('surface');
    const newPassword = 'Surface-Reset-2024!';
    expect((await invokeRoute('accounts/signup', { body: { email, password: PASSWORD, newsletter: true } })).statusCode).toBe(201);
    expect((await invokeRoute('accounts/confirm', { body: { email, code: await latestCode(email), password: PASSWORD } })).statusCode).toBe(200);
    const tokens = (await invokeRoute<{ accessToken: string; refreshToken: string }>('accounts/login', { body: { email, password: PASSWORD } })).body;
    expect((await invokeRoute('accounts/refresh', { body: { refreshToken: tokens.refreshToken } })).statusCode).toBe(200);
    expect((await invokeRoute('accounts/me', { token: tokens.accessToken })).statusCode).toBe(200);
    expect((await invokeRoute('newsletter/set-subscription', { token: tokens.accessToken, body: { subscribed: false } })).statusCode).toBe(200);
    expect((await invokeRoute('accounts/logout', { token: tokens.accessToken, body: { refreshToken: tokens.refreshToken } })).statusCode).toBe(204);
    await forgetCodeThrottle(email);
    expect((await invokeRoute('accounts/forgot-password', { body: { email } })).statusCode).toBe(202);
    const reset = await invokeRoute('accounts/reset-password', { body: { email, code: await latestCode(email), newPassword } });
    expect(reset.statusCode).toBe(200);
    expect((await invokeRoute('accounts/login', { body: { email, password: newPassword } })).statusCode).toBe(200);

    expect(actions.length).toBeGreaterThan(8);
    expect(actions.filter((action) => !action.startsWith('Admin') && !TOKEN_HOLDER_ACTIONS.includes(action))).toEqual([]);
    // The journey used the flows the pool's client allows, and no other: no SignUp, no public InitiateAuth.
    expect(actions).toEqual(expect.arrayContaining(['AdminCreateUser', 'AdminSetUserPassword', 'AdminInitiateAuth']));
  });

  it('no function is granted a Cognito action that is not an admin one', () => {
    const granted = [...routes, ...backgroundFunctions].flatMap(({ access }) => access.userPool ?? []) satisfies UserPoolAction[];
    expect(granted.filter((action) => !action.startsWith('Admin'))).toEqual([]);
  });
});
