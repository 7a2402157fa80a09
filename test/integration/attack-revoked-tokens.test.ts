/**
 * Attack 6 of docs/SECURITY.md: tokens that outlive a sign-out or a password reset. Access tokens are checked by
 * signature, so without our session check they would work until they expire (an hour).
 */
import { forgetCodeThrottle, logIn, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call, expectError } from './client';
import { latestCode } from './mailbox';

const NEW_PASSWORD = 'After-The-Reset-2024!';

describe('revoked but still valid (attack 6)', () => {
  it('after sign-out, the session\'s access token is refused on the next request, and its refresh token too', async () => {
    const email = uniqueEmail('revoke-logout');
    await signUpAndConfirm(email);
    const { body: tokens } = await logIn(email);
    const { body: other } = await logIn(email);
    expect((await call('GET', '/me', { token: tokens.accessToken })).status).toBe(200);
    expect((await call('POST', '/auth/logout', { token: tokens.accessToken, body: { refreshToken: tokens.refreshToken } })).status).toBe(204);
    expectError(await call('GET', '/me', { token: tokens.accessToken }), 401, 'unauthorized');
    expectError(await call('GET', '/me/downloads', { token: tokens.accessToken }), 401, 'unauthorized');
    expectError(await call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } }), 401, 'invalid_token');
    // Only that session: another sign-in of the same account goes on.
    expect((await call('GET', '/me', { token: other.accessToken })).status).toBe(200);
  });

  it('after a password reset, every session signed in before it is refused on the next request', async () => {
    const email = uniqueEmail('revoke-reset');
    await signUpAndConfirm(email);
    const sessions = [(await logIn(email)).body, (await logIn(email)).body];
    const refreshed = await call<{ accessToken: string }>('POST', '/auth/refresh', { body: { refreshToken: sessions[0]!.refreshToken } });
    await forgetCodeThrottle(email);
    await call('POST', '/auth/forgot-password', { body: { email } });
    // Sign-in times count whole seconds: the reset comes in a later second than the sign-ins it ends.
    await new Promise((done) => setTimeout(done, 1_100));
    expect((await call('POST', '/auth/reset-password', { body: { email, code: await latestCode(email), newPassword: NEW_PASSWORD } })).status).toBe(200);
    for (const token of [sessions[0]!.accessToken, sessions[1]!.accessToken, refreshed.body.accessToken]) {
      expectError(await call('GET', '/me', { token }), 401, 'unauthorized');
    }
    // A sign-in in the reset's own second is refused too (it may have used the old password): the owner comes back later.
    await new Promise((done) => setTimeout(done, 1_100));
    const fresh = await logIn(email, NEW_PASSWORD);
    expect((await call('GET', '/me', { token: fresh.body.accessToken })).status).toBe(200);
  });
});
