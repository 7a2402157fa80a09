import { listEnv } from '../shared/config';
import { HttpError } from '../shared/errors';
import { httpHandler } from '../shared/http';
import { resetPassword } from './api';
import { normalizeEmail } from './email-address';
import { setPassword, signOutEverywhere } from './identity';
import { assertStrongPassword } from './password-policy';
import { validReturnTo } from './return-to';
import { redeemCode } from './verification';

const allowedOrigins = listEnv('ALLOWED_ORIGINS');

/** The new password and returnTo are checked before the code, so a refused request does not use the code up. */
export const handler = httpHandler(resetPassword, async ({ body }) => {
  assertStrongPassword(body.newPassword);
  const returnTo = validReturnTo(body.returnTo, allowedOrigins);
  if (returnTo === undefined) {
    throw new HttpError(400, 'invalid_return_to', 'returnTo must be a path on this portal or a URL on an allowed origin.');
  }
  const email = normalizeEmail(body.email);
  const { restore } = await redeemCode('reset', email, body.code);
  try {
    await setPassword(email, body.newPassword);
  } catch (error) {
    await restore().catch(() => undefined);
    throw error;
  }
  await signOutEverywhere(email);
  return { statusCode: 200, body: { status: 'PASSWORD_UPDATED', returnTo } };
});
