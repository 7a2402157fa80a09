import { recordActivity } from '../../common/activity';
import { listEnv } from '../../common/config';
import { Refusal } from '../../common/errors';
import { publicHandler } from '../../common/http';
import { logger } from '../../common/logger';
import { networkOf, originOf } from '../../common/network';
import { portalName } from '../../common/portal';
import { endEverySession } from '../../common/sessions';
import { resetPassword } from '../operations';
import { nowSeconds } from '../codes/clock';
import { normalizeEmail } from '../email-address';
import { passwordChangedEmail } from '../emails';
import { hashedKeys } from '../hashed-keys';
import { findAccount, setPassword, signOutEverywhere } from '../identity';
import { rememberNetwork } from '../limits/known-networks';
import { assertStrongPassword } from '../password-policy';
import { sendNotice } from '../notices';
import { validReturnTo } from '../return-to';
import { redeemCode } from '../codes/redeeming';

const allowedOrigins = listEnv('ALLOWED_ORIGINS');

/**
 * The new password and returnTo are checked before the code, so a refused request does not use the code up. A
 * reset ends every session begun before it, ours (common/sessions.ts) and Cognito's, is on the account's record, and
 * its owner is told by email.
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
  const account = await findAccount(email).catch(async (error: unknown) => {
    await restore().catch(() => undefined);
    throw error;
  });
  const sub = account.status === 'missing' ? undefined : account.sub;
  try {
    // Sessions end before the password changes: a failure here leaves the old password and the code.
    if (sub) await endEverySession(sub);
    await setPassword(email, body.newPassword);
  } catch (error) {
    await restore().catch(() => undefined);
    throw error;
  }
  const at = new Date();
  const origin = originOf(event);
  // Ended again now the new password is set: a sign-in that began with the old one meanwhile ends too. The reset
  // has happened by now, so a failure of this is logged, not answered.
  if (sub) {
    await Promise.all([endEverySession(sub), recordActivity(sub, 'password_reset', origin, {}, at)]).catch((error: unknown) =>
      logger.warn('after a reset, the sessions or the activity were not written', { error: error as Error }),
    );
  }
  await Promise.all([signOutEverywhere(email), sendNotice(email, 'password changed', passwordChangedEmail({ portalName, at, origin }))]);
  const keys = await hashedKeys(email, network);
  await rememberNetwork(keys.address, keys.network, nowSeconds()).catch((error: unknown) => logger.warn('network not remembered', { error: error as Error }));
  return { statusCode: 200, body: { status: 'PASSWORD_UPDATED', returnTo } };
});
