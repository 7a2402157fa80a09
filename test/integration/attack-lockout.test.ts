/**
 * Attack 5 of docs/SECURITY.md: keeping the owner out. Limits keyed by the address alone let anyone hold the owner
 * at 429 or kill every code with wrong tries. Here the attacker calls from other networks (other loopback
 * addresses) than the owner (127.0.0.1): their failures spend their own allowance, never the owner's.
 */
import { forgetCodeThrottle, logIn, PASSWORD, signUp, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call, expectError } from './client';
import { inbox, latestCode } from './mailbox';

const WRONG = 'Wrong-Password-2024!';
const wrongLogin = (email: string, from: string) => call('POST', '/auth/login', { body: { email, password: WRONG }, from });
const statuses = (answers: { status: number }[]) => answers.map((answer) => answer.status).sort();

describe('locking the owner out (attack 5)', () => {
  it('wrong codes from another network spend that network\'s tries, and the owner confirms with the right code', async () => {
    const email = uniqueEmail('lock-code');
    await signUp(email);
    const code = await latestCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left -= 1) {
      const error = expectError(await call('POST', '/auth/confirm', { body: { email, code: wrong, password: PASSWORD }, from: '127.0.0.2' }), 400, 'code_mismatch');
      expect(error.details).toEqual({ attemptsLeft: left });
    }
    expectError(await call('POST', '/auth/confirm', { body: { email, code, password: PASSWORD }, from: '127.0.0.2' }), 429, 'too_many_attempts');
    expect((await call('POST', '/auth/confirm', { body: { email, code, password: PASSWORD } })).status).toBe(200);
  });

  it('failed sign-ins from new networks are limited together, under Cognito\'s own lockout, and the owner\'s network is not', async () => {
    const email = uniqueEmail('lock-login');
    await signUpAndConfirm(email);
    for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.2', '127.0.0.3']) expectError(await wrongLogin(email, from), 401, 'invalid_credentials');
    const blocked = await wrongLogin(email, '127.0.0.4');
    expectError(blocked, 429, 'too_many_requests');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await logIn(email)).status).toBe(200);
  });

  it('concurrent failed sign-ins never pass the limit: 4 for strangers, 10 for the owner\'s network', async () => {
    const email = uniqueEmail('lock-rush');
    await signUpAndConfirm(email);
    const strangers = await Promise.all(Array.from({ length: 20 }, () => wrongLogin(email, '127.0.0.5')));
    expect(statuses(strangers)).toEqual([...Array<number>(4).fill(401), ...Array<number>(16).fill(429)]);
    const owner = await Promise.all(Array.from({ length: 20 }, () => wrongLogin(email, '127.0.0.1')));
    expect(statuses(owner)).toEqual([...Array<number>(10).fill(401), ...Array<number>(10).fill(429)]);
  });

  it('sign-up requests for an account\'s address, however many, do not hold back its owner\'s reset', async () => {
    const email = uniqueEmail('lock-purpose');
    await signUpAndConfirm(email);
    await forgetCodeThrottle(email);
    for (let index = 0; index < 6; index += 1) {
      await call('POST', '/auth/resend-code', { body: { email }, from: '127.0.0.2' });
      await call('POST', '/auth/signup', { body: { email, password: WRONG }, from: '127.0.0.3' });
    }
    expect((await call('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    expect((await inbox(email)).at(-1)!.subject).toContain('Reset your password');
  });

  it('whoever asks for codes to the owner\'s address, the newest code in the owner\'s inbox lets them reset', async () => {
    const email = uniqueEmail('lock-reset');
    await signUpAndConfirm(email);
    await forgetCodeThrottle(email);
    // An attacker asks for reset codes as fast as they are allowed, and tries wrong ones.
    const asked = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/auth/forgot-password', { body: { email }, from: '127.0.0.2' })));
    expect(statuses(asked)).toContain(202);
    for (let index = 0; index < 5; index += 1) await call('POST', '/auth/reset-password', { body: { email, code: '000000', newPassword: WRONG }, from: '127.0.0.2' });
    // The owner's own request is too soon, but the code the attacker caused is in the owner's inbox, alive.
    expectError(await call('POST', '/auth/forgot-password', { body: { email } }), 429, 'too_many_requests');
    expect((await inbox(email)).at(-1)!.subject).toContain('Reset your password');
    const reset = await call('POST', '/auth/reset-password', { body: { email, code: await latestCode(email), newPassword: 'Owner-New-Pass-2024!' } });
    expect(reset.status).toBe(200);
    expect((await logIn(email, 'Owner-New-Pass-2024!')).status).toBe(200);
  });
});
