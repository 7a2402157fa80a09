import { listEnv } from '../../common/config';
import { Refusal } from '../../common/errors';
import { publicHandler } from '../../common/http';
import { logger } from '../../common/logger';
import { networkOf } from '../../common/network';
import { revokeEverySession } from '../../common/revocations';
import { resetPassword } from '../operations';
import { nowSeconds } from '../codes/clock';
import { normalizeEmail } from '../email-address';
import { hashedKeys } from '../hashed-keys';
import { findAccount, setPassword, signOutEverywhere } from '../identity';
import { rememberNetwork } from '../limits/known-networks';
import { assertStrongPassword } from '../password-policy';
import { validReturnTo } from '../return-to';
import { redeemCode } from '../codes/redeeming';

const allowedOrigins = listEnv('ALLOWED_ORIGINS');

/**
 * The new password and returnTo are checked before the code, so a refused request does not use the code up. A
 * reset ends every session signed in before it, in Cognito and in our revocations.
 */
export const handler = publicHandler(resetPassword, async ({ body, event }) => {
  assertStrongPassword(body.newPassword);
  const returnTo = validReturnTo(body.returnTo, allowedOrigins);
  if (returnTo === undefined) {
    throw new Refusal('invalid_return_to', 'returnTo must be a path on this portal or a URL on an allowed origin.');
  }
  const email = normalizeEmail(body.email);
  const network = networkOf(event);
  const { restore } = await redeemCode('reset', email, body.code, network);
  try {
    // Sessions are revoked before the password changes: a failure here leaves the old password and the code.
    const account = await findAccount(email);
    if (account.status !== 'missing') await revokeEverySession(account.sub);
    await setPassword(email, body.newPassword);
  } catch (error) {
    await restore().catch(() => undefined);
    throw error;
  }
  await signOutEverywhere(email);
  const keys = await hashedKeys(email, network);
  await rememberNetwork(keys.address, keys.network, nowSeconds()).catch((error: unknown) => logger.warn('network not remembered', { error: error as Error }));
  return { statusCode: 200, body: { status: 'PASSWORD_UPDATED', returnTo } };
});
