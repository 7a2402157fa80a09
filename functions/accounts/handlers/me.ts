import { signedInHandler } from '../../common/auth';
import { unauthorized } from '../../common/errors';
import { getMe } from '../operations';
import { findAccount } from '../identity';
import { loadProfile, receivesNewsletter } from '../profile';

/** From the profile written at confirmation; accounts made by an administrator (editors) have none, so Cognito answers. */
export const handler = signedInHandler(
  getMe,
  async ({ caller }) => {
    const profile = await loadProfile(caller.sub);
    if (profile) {
      const { email, name, createdAt } = profile;
      return { statusCode: 200, body: { email, ...(name !== undefined && { name }), newsletter: { subscribed: receivesNewsletter(profile) }, createdAt } };
    }
    const account = await findAccount(caller.username);
    // A token can outlive its user: treat it as no longer valid.
    if (account.status === 'missing') throw unauthorized();
    return {
      statusCode: 200,
      body: { email: account.email, ...(account.name !== undefined && { name: account.name }), newsletter: { subscribed: false }, createdAt: account.createdAt },
    };
  },
);
