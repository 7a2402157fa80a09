import { unauthorized } from '../common/errors';
import type { Caller } from '../common/http';
import { listSessions } from '../common/sessions';
import type { Session } from '../common/sessions';
import { findAccount } from './identity';
import { loadProfile, receivesNewsletter } from './profile';
import type { Profile } from './profile';

export interface AccountView {
  email: string;
  name?: string;
  newsletter: { subscribed: boolean };
  createdAt: string;
}

const viewOf = ({ email, name, createdAt }: { email: string; name?: string; createdAt: string }, subscribed: boolean): AccountView => ({
  email,
  ...(name !== undefined && { name }),
  newsletter: { subscribed },
  createdAt,
});

/**
 * The caller as GET /me shows them, from the profile written at confirmation; accounts made by an administrator
 * (editors) have none, so Cognito answers. A token can outlive its user: then it is no longer valid.
 */
export async function accountOf(caller: Caller): Promise<{ view: AccountView; profile?: Profile }> {
  const profile = await loadProfile(caller.sub);
  if (profile) return { view: viewOf(profile, receivesNewsletter(profile)), profile };
  const account = await findAccount(caller.username);
  if (account.status === 'missing') throw unauthorized();
  return { view: viewOf(account, false) };
}

/** The caller's live sessions, each saying whether it is the one the caller's token belongs to. */
export const sessionsOf = async (caller: Caller): Promise<(Session & { current: boolean })[]> =>
  (await listSessions(caller.sub)).map((session) => ({ ...session, current: session.id === caller.sessionId }));
