import { recordActivity, rememberBrowser } from '../../common/activity';
import { BUSINESS_METRICS } from '../../common/business-metrics';
import { publicHandler } from '../../common/http';
import { logger } from '../../common/logger';
import { count } from '../../common/metrics';
import { networkOf, originOf } from '../../common/network';
import { confirmSignup } from '../operations';
import { nowSeconds } from '../codes/clock';
import { normalizeEmail } from '../email-address';
import { hashedKeys } from '../hashed-keys';
import { createAccount, setPassword } from '../identity';
import { rememberNetwork } from '../limits/known-networks';
import { assertStrongPassword } from '../password-policy';
import { choicesFor } from '../pending-signup';
import { deleteProfile, profileCreation } from '../profile';
import { checkCode, codeMismatch } from '../codes/redeeming';

/**
 * A right code makes the account, with the password given here: whoever confirms chose the password, whatever
 * sign-ups were made for the address (pending-signup.ts). The Cognito user is made first, with no usable
 * password; then the code is used up and the profile written in one transaction; then the password is set, which
 * makes the account usable. A failure before the transaction leaves at most an unfinished user that the retry,
 * with the same code, takes over; a failure after it removes the profile and gives the code back. The account's
 * activity starts with its sign-up and this confirmation, and this browser is one it knows (no "new sign-in" notice
 * for the first sign-in from it).
 */
export const handler = publicHandler(confirmSignup, async ({ body, event }) => {
  assertStrongPassword(body.password);
  const email = normalizeEmail(body.email);
  const network = networkOf(event);
  const code = await checkCode('signup', email, body.code, network);
  const pending = code.record.signup;
  const choices = pending ? await choicesFor(pending, body.password) : undefined;
  const account = choices && (await createAccount(email, choices.name));
  if (!choices || !account || account === 'taken') {
    await code.redeem();
    throw codeMismatch(0);
  }
  const { sub } = account;
  const profile = { email, ...(choices.name !== undefined && { name: choices.name }), createdAt: new Date().toISOString(), newsletter: choices.newsletter };
  const { restore } = await code.redeem(profileCreation(sub, profile));
  try {
    await setPassword(email, body.password);
  } catch (error) {
    await Promise.allSettled([deleteProfile(sub), restore()]);
    throw error;
  }
  count(BUSINESS_METRICS.confirmations);
  const keys = await hashedKeys(email, network);
  const origin = originOf(event);
  const confirmedAt = new Date();
  const { signedUp } = choices;
  // The account is made by now: what follows is logged if it fails, not answered.
  await Promise.all([
    rememberNetwork(keys.address, keys.network, nowSeconds()),
    signedUp && recordActivity(sub, 'signed_up', signedUp.origin, {}, new Date(signedUp.at)),
    recordActivity(sub, 'confirmed', origin, {}, confirmedAt),
    // A millisecond after: the subscription follows from the confirmation, and the activity lists it so.
    choices.newsletter && recordActivity(sub, 'newsletter_subscribed', origin, { via: 'account' }, new Date(confirmedAt.getTime() + 1)),
    rememberBrowser(sub, origin.userAgent),
  ]).catch((error: unknown) => logger.warn('after a confirmation, the network, the activity or the browser were not written', { error: error as Error }));
  return { statusCode: 200, body: { status: 'CONFIRMED' } };
});
