import { createProfile, receivesNewsletter, saveNewsletterChoice } from '../../accounts/profile';
import { findAccount } from '../../accounts/identity';
import { signedInHandler } from '../../common/auth';
import { unauthorized } from '../../common/errors';
import { setNewsletter } from '../operations';

/** Idempotent. Accounts made by an administrator have no profile yet: it is made on their first choice. */
export const handler = signedInHandler(
  setNewsletter,
  async ({ body, caller }) => {
    let profile = await saveNewsletterChoice(caller.sub, body.subscribed);
    if (!profile) {
      const account = await findAccount(caller.username);
      if (account.status === 'missing') throw unauthorized();
      await createProfile(caller.sub, { email: account.email, createdAt: account.createdAt, newsletter: body.subscribed });
      profile = await saveNewsletterChoice(caller.sub, body.subscribed);
    }
    return { statusCode: 200, body: { subscribed: profile ? receivesNewsletter(profile) : false } };
  },
);
