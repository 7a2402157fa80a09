import { recordFailedSignIn } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { BUSINESS_METRICS } from '../../common/business-metrics';
import { Refusal, unauthorized } from '../../common/errors';
import { count } from '../../common/metrics';
import { networkOf, originOf } from '../../common/network';
import { endEverySession } from '../../common/sessions';
import { deleteMe } from '../operations';
import { nowSeconds } from '../codes/clock';
import { eraseRecords, eraseTraces } from '../erasure';
import { hashedKeys } from '../hashed-keys';
import { findAccount, passwordLogin, removeAccount } from '../identity';
import { FAILED_LOGINS_KNOWN_NETWORK, FAILED_LOGINS_NEW_NETWORKS } from '../limits/rules';
import { endStreak, extendStreak, PASSWORD_CHECKS, STRANGERS, takeFromWindow } from '../limits/store';

/**
 * Deletes the caller's account with its password, which a stolen access token does not give. The password is tried
 * under a limit as strict as a sign-in's from a known network, but of its own (a token's thief guessing here does not
 * lock the owner out of their networks), and in the strangers' streak of failed sign-ins, which stays below Cognito's
 * own lockout whatever the networks used. Then every session ends, the records are erased
 * (erasure.ts), and the Cognito user goes last: until then the owner can sign in and ask again if a step failed.
 * Once the user is gone, the activity and sessions are erased once more, for a sign-in that raced the deletion.
 */
export const handler = signedInHandler(deleteMe, async ({ body, caller, event }) => {
  const account = await findAccount(caller.username);
  if (account.status === 'missing' || account.sub !== caller.sub) throw unauthorized();
  const { sub, email } = account;
  const now = nowSeconds();
  const network = networkOf(event);
  const keys = await hashedKeys(email, network);
  const release = await takeFromWindow(PASSWORD_CHECKS, `${keys.address}#${keys.network}`, FAILED_LOGINS_KNOWN_NETWORK, now);
  await extendStreak(STRANGERS, keys.address, FAILED_LOGINS_NEW_NETWORKS, now);
  if ((await passwordLogin(email, body.password)) === 'invalid') {
    await recordFailedSignIn(sub, originOf(event));
    throw new Refusal('invalid_credentials', 'The password is not right.');
  }
  await Promise.all([release(), endStreak(STRANGERS, keys.address)]);
  await endEverySession(sub);
  await eraseRecords({ sub, address: keys.address, network: keys.network }, now);
  await removeAccount(email);
  await eraseTraces(sub);
  count(BUSINESS_METRICS.accountDeletions);
  return { statusCode: 204 };
});
