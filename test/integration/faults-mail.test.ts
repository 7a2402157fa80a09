/**
 * SES out of reach during a sign-up: the handler, in-process and pointed at a loopback port where nothing listens,
 * answers 503 and leaves nothing behind that would block a retry: the retry through the running stack succeeds.
 */
import { configure, invokeRoute } from './in-process';
import { freePort } from '../../infra/local/emulators';
import { confirm, PASSWORD, uniqueEmail } from './accounts-fixtures';
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
