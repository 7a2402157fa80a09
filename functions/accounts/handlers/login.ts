import { recordActivity, recordFailedSignIn, rememberBrowser } from '../../common/activity';
import { isRefusal, Refusal } from '../../common/errors';
import { logger } from '../../common/logger';
import { publicHandler } from '../../common/http';
import { networkOf, originOf } from '../../common/network';
import type { ClientOrigin } from '../../common/network';
import { portalName } from '../../common/portal';
import { identityOfIssuedToken, startSession } from '../../common/sessions';
import { login } from '../operations';
import { nowSeconds } from '../codes/clock';
import { normalizeEmail } from '../email-address';
import { newSignInEmail } from '../emails';
import { untilFloor } from '../even-timing';
import { hashedKeys } from '../hashed-keys';
import { findAccount, passwordLogin } from '../identity';
import { isKnownNetwork, rememberNetwork } from '../limits/known-networks';
import { FAILED_LOGINS_KNOWN_NETWORK, FAILED_LOGINS_NEW_NETWORKS, NOTICE_PACING } from '../limits/rules';
import { endStreak, extendStreak, NOTICES, STRANGERS, takeFromWindow, takePacedSlot } from '../limits/store';
import { sendNotice } from '../notices';

/**
 * Every failure gets the same answer, whatever the address: unknown, waiting for its code, or with another
 * password. Each try takes a slot before Cognito is asked, so concurrent guesses cannot pass the limit: per
 * network the address has been used from (given back if it succeeds), and for all other networks together, as a
 * streak of failures that any success ends. A success starts a session (common/sessions.ts) and is on the account's
 * record; a failure is on the record of the account it was for, if there is one, and answers no sooner than the
 * response floor, so that recording it does not tell that the account exists.
 */
export const handler = publicHandler(login, async ({ body, event }) => {
  const started = performance.now();
  const startedAt = new Date();
  const email = normalizeEmail(body.email);
  const origin = originOf(event);
  const keys = await hashedKeys(email, networkOf(event));
  const now = nowSeconds();
  const known = await isKnownNetwork(keys.address, keys.network);
  const release = known ? await takeFromWindow('logins', `${keys.address}#${keys.network}`, FAILED_LOGINS_KNOWN_NETWORK, now) : undefined;
  if (!known) await extendStreak(STRANGERS, keys.address, FAILED_LOGINS_NEW_NETWORKS, now);
  const result = await passwordLogin(email, body.password);
  if (result === 'invalid') {
    try {
      await recordFailure(email, origin);
    } finally {
      await untilFloor(started);
    }
    throw new Refusal(
      'invalid_credentials',
      'The email address or the password is not right. If you signed up recently, confirm your address with the code we sent first.',
    );
  }
  const identity = identityOfIssuedToken(result.accessToken);
  if (!identity || !result.refreshToken) throw new Error('Cognito issued tokens without a subject, a session or a refresh token');
  const session = await startSession(identity, result.refreshToken, startedAt, origin);
  await Promise.all([
    release?.(),
    endStreak(STRANGERS, keys.address),
    rememberNetwork(keys.address, keys.network, now),
    // The session exists by now: a record or a notice that fails is logged, not answered.
    recordActivity(identity.sub, 'signed_in', origin, { sessionId: session.id }).catch(logged('sign-in not recorded')),
    noticeNewBrowser(identity.sub, email, keys.address, origin, now).catch(logged('browser not checked')),
  ]);
  return { statusCode: 200, body: result };
});

const logged = (what: string) => (error: unknown) => logger.warn(what, { error: error as Error });

/** On the record of the account the failure was for, if there is one; a fault here changes nothing of the answer. */
async function recordFailure(email: string, origin: ClientOrigin): Promise<void> {
  try {
    const account = await findAccount(email);
    if (account.status !== 'missing') await recordFailedSignIn(account.sub, origin);
  } catch (error) {
    logged('failed sign-in not recorded')(error);
  }
}

/** Paced per address (NOTICE_PACING): past it, a new browser is on the activity only. */
async function noticeNewBrowser(sub: string, email: string, address: string, origin: ClientOrigin, now: number): Promise<void> {
  if (!(await rememberBrowser(sub, origin.userAgent))) return;
  const paced = await takePacedSlot(NOTICES, address, NOTICE_PACING, now).then(
    () => true,
    (error: unknown) => {
      if (isRefusal(error, 'too_many_requests')) return false;
      throw error;
    },
  );
  if (paced) await sendNotice(email, 'new sign-in', newSignInEmail({ portalName, at: new Date(), origin }));
}
