/**
 * SES out of reach during a sign-up: the handler, in-process and pointed at a loopback port where nothing listens,
 * answers 503 and leaves nothing behind that would block a retry: the retry through the running stack succeeds.
 */
import { configure, invokeRoute } from './in-process';
import { freePort } from '../../local/emulators';
import { confirm, forgetCodeThrottle, PASSWORD, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call } from './client';
import { inbox } from './mailbox';
import { usersWithEmail } from './tokens';

beforeAll(async () => {
  configure({ AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${await freePort()}`, RESPONSE_FLOOR_MS: '0' });
});

it('answers 503 when the mail cannot go out, and a retry works at once', async () => {
  const email = uniqueEmail('mailfault');
  const failed = await invokeRoute('accounts/signup', { body: { email, password: PASSWORD } });
  expect([failed.statusCode, failed.body.error?.code]).toEqual([503, 'unavailable']);
  expect(Number(failed.headers['Retry-After'])).toBeGreaterThan(0);
  expect(await inbox(email)).toHaveLength(0);
  // No account: none is made before its code comes back.
  expect(await usersWithEmail(email)).toEqual([]);

  // Nor a spent throttle slot: the same sign-up through the stack goes through, and its code arrives.
  const retry = await call('POST', '/auth/signup', { body: { email, password: PASSWORD } });
  expect(retry.status).toBe(201);
  expect(await inbox(email)).toHaveLength(1);
  const confirmed = await confirm(email);
  expect(confirmed.status).toBe(200);
  expect((await usersWithEmail(email)).map((user) => user.status)).toEqual(['CONFIRMED']);
});

it('answers resend and reset requests alike for every address while mail cannot go out (no 503 that only accounts get)', async () => {
  const pending = uniqueEmail('mailfault-pending');
  const confirmed = uniqueEmail('mailfault-confirmed');
  expect((await call('POST', '/auth/signup', { body: { email: pending, password: PASSWORD } })).status).toBe(201);
  await signUpAndConfirm(confirmed);
  await Promise.all([forgetCodeThrottle(pending), forgetCodeThrottle(confirmed)]);
  const answers = [];
  for (const [route, email] of [
    ['accounts/resend-code', pending],
    ['accounts/resend-code', uniqueEmail('mailfault-nobody')],
    ['accounts/forgot-password', confirmed],
    ['accounts/forgot-password', uniqueEmail('mailfault-nobody')],
  ] as const) {
    answers.push((await invokeRoute(route, { body: { email } })).statusCode);
  }
  expect(answers).toEqual([202, 202, 202, 202]);
  expect(await inbox(pending)).toHaveLength(1);
  expect(await inbox(confirmed)).toHaveLength(1);
  // The code that could not go out did not replace the one already in the inbox.
  expect((await confirm(pending)).status).toBe(200);
});
