import { confirm, forgetCodeThrottle, logIn, PASSWORD, signUp, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call, expectError } from './client';
import { inbox, latestCode } from './mailbox';
import { usersWithEmail } from './tokens';

const NEW_PASSWORD = 'Another-Strong-Pass-77#';

describe('POST /auth/signup', () => {
  it('creates an account and emails a 6-digit code that expires in 30 minutes', async () => {
    const email = uniqueEmail('jane');
    const before = Date.now();
    const response = await signUp(email, { name: 'Jane Reporter' });
    const body = response.body as { status: string; delivery: { medium: string; destination: string }; codeExpiresAt: string };
    expect(body.status).toBe('CONFIRMATION_REQUIRED');
    expect(body.delivery).toEqual({ medium: 'EMAIL', destination: 'j***@e***.org' });
    const expiresIn = Date.parse(body.codeExpiresAt) - before;
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000 + 2_000);
    const [email1] = await inbox(email);
    expect(email1!.body.text).toMatch(/^\d{6}$/m);
    expect(email1!.body.text).toContain('expires in 30 minutes');
    expect(email1!.body.html).toContain('expires in 30 minutes');
    expect(email1!.subject).toContain('Pressroom');
  });

  it('lists every password rule broken', async () => {
    const cases: [string, string[]][] = [
      ['short', ['min_length', 'uppercase', 'number', 'symbol']],
      ['with spaces Inside-2024', ['no_spaces']],
      ['NoDigitsOrSymbolsHere', ['number', 'symbol']],
    ];
    for (const [password, violations] of cases) {
      const error = expectError(await call('POST', '/auth/signup', { body: { email: uniqueEmail('weak'), password } }), 400, 'weak_password');
      expect(error.details).toEqual({ violations });
    }
  });

  it('refuses malformed input with the field at fault', async () => {
    const bad = [
      { email: 'not-an-email', password: PASSWORD },
      { email: uniqueEmail('x'), password: PASSWORD, name: '' },
      { email: uniqueEmail('x'), password: PASSWORD, newsletter: 'yes' },
      { email: uniqueEmail('x'), password: PASSWORD, role: 'editor' },
    ];
    for (const body of bad) expectError(await call('POST', '/auth/signup', { body }), 400, 'invalid_request');
  });

  it('answers an address that already has an account exactly as a new one, and tells its owner', async () => {
    const email = uniqueEmail('taken');
    await signUpAndConfirm(email);
    await forgetCodeThrottle(email);
    const again = await call('POST', '/auth/signup', { body: { email, password: NEW_PASSWORD } });
    const fresh = await call('POST', '/auth/signup', { body: { email: uniqueEmail('taken'), password: NEW_PASSWORD } });
    expect(again.status).toBe(fresh.status);
    expect(Object.keys(again.body as object)).toEqual(Object.keys(fresh.body as object));
    expect((await inbox(email)).at(-1)!.subject).toContain('someone tried to sign up');
    // Nothing about the account changed: the old password still works, the new one does not.
    expect((await logIn(email)).status).toBe(200);
    expectError(await logIn(email, NEW_PASSWORD), 401, 'invalid_credentials');
  });

  it('replaces a pending sign-up: the latest sign-up wins, and no account exists before the code comes back', async () => {
    const email = uniqueEmail('twice');
    await signUp(email);
    expect(await usersWithEmail(email)).toEqual([]);
    await forgetCodeThrottle(email);
    expect((await call('POST', '/auth/signup', { body: { email, password: NEW_PASSWORD } })).status).toBe(201);
    expect((await confirm(email, NEW_PASSWORD)).status).toBe(200);
    expect((await logIn(email, NEW_PASSWORD)).status).toBe(200);
    expectError(await logIn(email), 401, 'invalid_credentials');
  });

  it('makes one account, and sends one code, of 50 simultaneous sign-ups for one address', async () => {
    const email = uniqueEmail('rush');
    const answers = await Promise.all(Array.from({ length: 50 }, () => call('POST', '/auth/signup', { body: { email, password: PASSWORD } })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    for (const answer of answers.filter((item) => item.status !== 201)) expectError(answer, 429, 'too_many_requests');
    expect(await usersWithEmail(email)).toEqual([]);
    expect(await inbox(email)).toHaveLength(1);
    expect((await confirm(email)).status).toBe(200);
    expect((await usersWithEmail(email)).map((user) => user.status)).toEqual(['CONFIRMED']);
  });
});

describe('POST /auth/confirm', () => {
  it('confirms with the right code and the password; before that, sign-in is refused like any failure', async () => {
    const email = uniqueEmail('confirm');
    await signUp(email);
    expectError(await logIn(email), 401, 'invalid_credentials');
    const code = await latestCode(email);
    const response = await call('POST', '/auth/confirm', { body: { email: email.toUpperCase(), code, password: PASSWORD } });
    expect([response.status, response.body]).toEqual([200, { status: 'CONFIRMED' }]);
    expect((await logIn(email)).status).toBe(200);
    // Single use.
    expectError(await call('POST', '/auth/confirm', { body: { email, code, password: PASSWORD } }), 400, 'code_mismatch');
  });

  it('refuses a weak password before using the code up', async () => {
    const email = uniqueEmail('weakconfirm');
    await signUp(email);
    const code = await latestCode(email);
    expectError(await call('POST', '/auth/confirm', { body: { email, code, password: 'weak' } }), 400, 'weak_password');
    expect((await confirm(email)).status).toBe(200);
  });

  it('confirms once of 10 simultaneous confirmations with the right code; the others count as wrong tries', async () => {
    const email = uniqueEmail('double');
    await signUp(email, { newsletter: true });
    const code = await latestCode(email);
    const answers = await Promise.all(Array.from({ length: 10 }, () => call('POST', '/auth/confirm', { body: { email, code, password: PASSWORD } })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    const refused = answers.filter((item) => item.status !== 200).map((answer) => (answer.body as { error: { code: string } }).error.code);
    expect(new Set(refused)).toEqual(new Set(['code_mismatch', 'too_many_attempts']));
    expect((await usersWithEmail(email)).map((user) => user.status)).toEqual(['CONFIRMED']);
  });

  it('counts wrong codes down and kills the code after 5', async () => {
    const email = uniqueEmail('guess');
    await signUp(email);
    const code = await latestCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left -= 1) {
      const error = expectError(await call('POST', '/auth/confirm', { body: { email, code: wrong, password: PASSWORD } }), 400, 'code_mismatch');
      expect(error.details).toEqual({ attemptsLeft: left });
    }
    const dead = await call('POST', '/auth/confirm', { body: { email, code, password: PASSWORD } });
    expectError(dead, 429, 'too_many_attempts');
    expect(Number(dead.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers an unknown address like a wrong code, try for try', async () => {
    const email = uniqueEmail('nobody');
    for (let left = 4; left >= 3; left -= 1) {
      const error = expectError(await call('POST', '/auth/confirm', { body: { email, code: '123456', password: PASSWORD } }), 400, 'code_mismatch');
      expect(error.details).toEqual({ attemptsLeft: left });
    }
  });

  it('does not take a reset code for a sign-up code', async () => {
    const email = uniqueEmail('purpose');
    await signUpAndConfirm(email);
    await forgetCodeThrottle(email);
    await call('POST', '/auth/forgot-password', { body: { email } });
    expectError(await confirm(email), 400, 'code_mismatch');
  });
});

describe('POST /auth/resend-code', () => {
  it('sends a new code that replaces the old one, at most one a minute', async () => {
    const email = uniqueEmail('resend');
    await signUp(email);
    const first = await latestCode(email);
    const tooSoon = await call('POST', '/auth/resend-code', { body: { email } });
    expectError(tooSoon, 429, 'too_many_requests');
    const retryAfter = Number(tooSoon.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await forgetCodeThrottle(email);
    const resent = await call<{ status: string; codeExpiresAt: string }>('POST', '/auth/resend-code', { body: { email } });
    expect(resent.status).toBe(202);
    expect(resent.body.status).toBe('CODE_SENT');
    const second = await latestCode(email);
    expect(await inbox(email)).toHaveLength(2);
    if (second !== first) expectError(await call('POST', '/auth/confirm', { body: { email, code: first, password: PASSWORD } }), 400, 'code_mismatch');
    expect((await confirm(email)).status).toBe(200);
  });

  it('answers the same for unknown, unconfirmed and confirmed addresses', async () => {
    const unconfirmed = uniqueEmail('pending');
    const confirmed = uniqueEmail('done');
    await signUp(unconfirmed);
    await signUpAndConfirm(confirmed);
    await Promise.all([forgetCodeThrottle(unconfirmed), forgetCodeThrottle(confirmed)]);
    const answers = await Promise.all(
      [uniqueEmail('unknown'), unconfirmed, confirmed].map((email) => call<{ status: string }>('POST', '/auth/resend-code', { body: { email } })),
    );
    expect(answers.map((answer) => [answer.status, answer.body.status])).toEqual([
      [202, 'CODE_SENT'],
      [202, 'CODE_SENT'],
      [202, 'CODE_SENT'],
    ]);
    // Only the pending sign-up had something to receive.
    expect(await inbox(unconfirmed)).toHaveLength(2);
    expect(await inbox(confirmed)).toHaveLength(1);
  });
});

describe('sign-in, tokens and sign-out', () => {
  it('says invalid_credentials alike for an unknown address and a wrong password', async () => {
    const email = uniqueEmail('login');
    await signUpAndConfirm(email);
    const wrongPassword = expectError(await logIn(email, 'Wrong-Password-2024!'), 401, 'invalid_credentials');
    const unknown = expectError(await logIn(uniqueEmail('ghost')), 401, 'invalid_credentials');
    expect(wrongPassword).toEqual(unknown);
  });

  it('slows password guessing down after 10 failures', async () => {
    const email = uniqueEmail('brute');
    await signUpAndConfirm(email);
    for (let attempt = 0; attempt < 10; attempt += 1) expectError(await logIn(email, `Wrong-Password-${attempt}!A`), 401, 'invalid_credentials');
    const blocked = await logIn(email);
    expectError(blocked, 429, 'too_many_requests');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('issues tokens that open /me, refreshes them, and signs out', async () => {
    const email = uniqueEmail('session');
    await signUpAndConfirm(email, { name: 'Sam Session', newsletter: true });
    const { body: tokens } = await logIn(email);
    expect(tokens.tokenType).toBe('Bearer');
    expect(tokens.expiresIn).toBeGreaterThan(0);
    const me = await call<{ email: string; name: string; newsletter: { subscribed: boolean }; createdAt: string }>('GET', '/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ email, name: 'Sam Session', newsletter: { subscribed: true }, createdAt: expect.any(String) as string });
    expect(Date.now() - Date.parse(me.body.createdAt)).toBeLessThan(60_000);

    const refreshed = await call<{ accessToken: string; refreshToken?: string }>('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    expect((await call('GET', '/me', { token: refreshed.body.accessToken })).status).toBe(200);

    expectError(await call('POST', '/auth/logout', { body: { refreshToken: tokens.refreshToken } }), 401, 'unauthorized');
    const out = await call('POST', '/auth/logout', { token: tokens.accessToken, body: { refreshToken: tokens.refreshToken } });
    expect(out.status).toBe(204);
    expectError(await call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } }), 401, 'invalid_token');
  });

  it('shows newsletter: false for an account that did not opt in', async () => {
    const email = uniqueEmail('quiet');
    await signUpAndConfirm(email);
    const { body: tokens } = await logIn(email);
    const me = await call<{ newsletter: { subscribed: boolean } }>('GET', '/me', { token: tokens.accessToken });
    expect(me.body.newsletter).toEqual({ subscribed: false });
  });

  it('refuses a garbage refresh token', async () => {
    expectError(await call('POST', '/auth/refresh', { body: { refreshToken: 'garbage' } }), 401, 'invalid_token');
  });
});

describe('password reset', () => {
  it('resets with the emailed code and takes the user back where they were', async () => {
    const email = uniqueEmail('reset');
    await signUpAndConfirm(email);
    await forgetCodeThrottle(email);
    const forgot = await call('POST', '/auth/forgot-password', { body: { email } });
    expect([forgot.status, forgot.body]).toEqual([202, { status: 'CODE_SENT' }]);
    const mail = (await inbox(email)).at(-1)!;
    expect(mail.subject).toContain('Reset your password');
    expect(mail.body.text).toContain('expires in 30 minutes');
    const reset = await call('POST', '/auth/reset-password', {
      body: { email, code: await latestCode(email), newPassword: NEW_PASSWORD, returnTo: '/articles/summit?tab=videos' },
    });
    expect([reset.status, reset.body]).toEqual([200, { status: 'PASSWORD_UPDATED', returnTo: '/articles/summit?tab=videos' }]);
    expectError(await logIn(email), 401, 'invalid_credentials');
    expect((await logIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses open redirects and weak passwords without using the code up', async () => {
    const email = uniqueEmail('redirect');
    await signUpAndConfirm(email);
    await forgetCodeThrottle(email);
    await call('POST', '/auth/forgot-password', { body: { email } });
    const code = await latestCode(email);
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', ' /x', '/%2F%2Fevil.example']) {
      expectError(await call('POST', '/auth/reset-password', { body: { email, code, newPassword: NEW_PASSWORD, returnTo } }), 400, 'invalid_return_to');
    }
    const weak = expectError(await call('POST', '/auth/reset-password', { body: { email, code, newPassword: 'weak' } }), 400, 'weak_password');
    expect((weak.details as { violations: string[] }).violations).toContain('min_length');
    const allowed = await call<{ returnTo: string }>('POST', '/auth/reset-password', {
      body: { email, code, newPassword: NEW_PASSWORD, returnTo: 'https://portal.example.org/videos/1' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.returnTo).toBe('https://portal.example.org/videos/1');
  });

  it('answers "/" when no returnTo is given', async () => {
    const email = uniqueEmail('home');
    await signUpAndConfirm(email);
    await forgetCodeThrottle(email);
    await call('POST', '/auth/forgot-password', { body: { email } });
    const reset = await call<{ returnTo: string }>('POST', '/auth/reset-password', { body: { email, code: await latestCode(email), newPassword: NEW_PASSWORD } });
    expect(reset.body.returnTo).toBe('/');
  });

  it('sends reset codes only to confirmed accounts, and answers the same for all', async () => {
    const pending = uniqueEmail('pending-reset');
    await signUp(pending);
    await forgetCodeThrottle(pending);
    const unknown = await call('POST', '/auth/forgot-password', { body: { email: uniqueEmail('nobody') } });
    const unconfirmed = await call('POST', '/auth/forgot-password', { body: { email: pending } });
    expect([unknown.status, unknown.body]).toEqual([unconfirmed.status, unconfirmed.body]);
    expect(await inbox(pending)).toHaveLength(1);
  });
});
