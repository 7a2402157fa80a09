import { HttpError } from '../shared/errors';
import { httpHandler } from '../shared/http';
import { login } from './api';
import { normalizeEmail } from './email-address';
import { passwordLogin } from './identity';
import { FAILED_LOGINS } from './throttle';
import { ensureUnderLimit, recordEvent } from './throttle-store';
import { addressOf, nowSeconds } from './verification';

/** An unknown address and a wrong password get the same answer; repeated failures are slowed down per address. */
export const handler = httpHandler(login, async ({ body }) => {
  const email = normalizeEmail(body.email);
  const address = await addressOf(email);
  await ensureUnderLimit('logins', address, FAILED_LOGINS, nowSeconds());
  const result = await passwordLogin(email, body.password);
  if (result === 'invalid') {
    await recordEvent('logins', address, FAILED_LOGINS, nowSeconds());
    throw new HttpError(401, 'invalid_credentials', 'The email address or the password is not right.');
  }
  if (result === 'unconfirmed') {
    throw new HttpError(403, 'account_not_confirmed', 'Confirm your email address with the code we sent before signing in.');
  }
  return { statusCode: 200, body: result };
});
