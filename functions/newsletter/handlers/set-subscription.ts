import { createProfile, deleteProfile, receivesNewsletter, saveNewsletterChoice } from '../../accounts/profile';
import { findAccount } from '../../accounts/identity';
import { recordActivity } from '../../common/activity';
import { signedInHandler } from '../../common/auth';
import { unauthorized } from '../../common/errors';
import { originOf } from '../../common/network';
import { listSessions } from '../../common/sessions';
import { setNewsletter } from '../operations';

/**
 * Idempotent; each choice is on the account's record. Accounts made by an administrator have no profile yet: it is
 * made on their first choice. A profile is also missing when the account is being deleted, which ends its sessions
 * before it erases the profile: a profile made then would outlive the account and be mailed, so once made it stays
 * only if the caller's session still lives.
 */
export const handler = signedInHandler(
  setNewsletter,
  async ({ body, caller, event }) => {
    let profile = await saveNewsletterChoice(caller.sub, body.subscribed);
    if (!profile) {
      const account = await findAccount(caller.username);
      if (account.status === 'missing') throw unauthorized();
      await createProfile(caller.sub, { email: account.email, createdAt: account.createdAt, newsletter: body.subscribed });
      if (!(await listSessions(caller.sub)).some((session) => session.id === caller.sessionId)) {
        await deleteProfile(caller.sub);
        throw unauthorized();
      }
      profile = await saveNewsletterChoice(caller.sub, body.subscribed);
    }
    await recordActivity(caller.sub, body.subscribed ? 'newsletter_subscribed' : 'newsletter_unsubscribed', originOf(event), { via: 'account' });
    return { statusCode: 200, body: { subscribed: profile ? receivesNewsletter(profile) : false } };
  },
);
