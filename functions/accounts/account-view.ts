import { unauthorized } from '../common/errors';
import type { Caller } from '../common/http';
import { findAccount } from './identity';
import { loadProfile, receivesNewsletter } from './profile';
import type { Profile } from './profile';

export interface AccountView {
  email: string;
  name?: string;
  newsletter: { subscribed: boolean };
  createdAt: string;
}

/**
 * The caller as GET /me shows them, from the profile written at confirmation; accounts made by an administrator
 * (editors) have none, so Cognito answers. A token can outlive its user: then it is no longer valid.
 */
export async function accountOf(caller: Caller): Promise<{ view: AccountView; profile?: Profile }> {
  const profile = await loadProfile(caller.sub);
  const source = profile ?? (await findAccount(caller.username));
  if ('status' in source && source.status === 'missing') throw unauthorized();
  const { email, name, createdAt } = source as { email: string; name?: string; createdAt: string };
  const view = { email, ...(name !== undefined && { name }), newsletter: { subscribed: profile ? receivesNewsletter(profile) : false }, createdAt };
  return { view, ...(profile && { profile }) };
}
