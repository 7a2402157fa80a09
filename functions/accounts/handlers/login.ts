import { Refusal } from '../../common/errors';
import { publicHandler } from '../../common/http';
import { networkOf } from '../../common/network';
import { login } from '../operations';
import { nowSeconds } from '../codes/clock';
import { normalizeEmail } from '../email-address';
import { hashedKeys } from '../hashed-keys';
import { passwordLogin } from '../identity';
import { isKnownNetwork, rememberNetwork } from '../limits/known-networks';
import { FAILED_LOGINS_KNOWN_NETWORK, FAILED_LOGINS_NEW_NETWORKS } from '../limits/rules';
import { endStreak, extendStreak, takeFromWindow } from '../limits/store';

const STRANGERS = 'logins-new-networks';

/**
 * Every failure gets the same answer, whatever the address: unknown, waiting for its code, or with another
 * password. Each try takes a slot before Cognito is asked, so concurrent guesses cannot pass the limit: per
 * network the address has been used from (given back if it succeeds), and for all other networks together, as a
 * streak of failures that any success ends.
 */
export const handler = publicHandler(login, async ({ body, event }) => {
  const email = normalizeEmail(body.email);
  const keys = await hashedKeys(email, networkOf(event));
  const now = nowSeconds();
  const known = await isKnownNetwork(keys.address, keys.network);
  const release = known ? await takeFromWindow('logins', `${keys.address}#${keys.network}`, FAILED_LOGINS_KNOWN_NETWORK, now) : undefined;
  if (!known) await extendStreak(STRANGERS, keys.address, FAILED_LOGINS_NEW_NETWORKS, now);
  const result = await passwordLogin(email, body.password);
  if (result === 'invalid') {
    throw new Refusal(
      'invalid_credentials',
      'The email address or the password is not right. If you signed up recently, confirm your address with the code we sent first.',
    );
  }
  await Promise.all([release?.(), endStreak(STRANGERS, keys.address), rememberNetwork(keys.address, keys.network, now)]);
  return { statusCode: 200, body: result };
});
