/**
 * Everything the table holds about one person, found from their sub and their address, so that an account deletion
 * leaves nothing of them: the profile, downloads, activity, sessions, codes and pending sign-ups, the limits kept on
 * their address, and their place among each campaign's recipients (campaigns keep their counts). Each step deletes
 * what may not be there, so erasing twice is harmless.
 */
import { deleteItems, deletePartition } from '../common/delete-items';
import type { ItemKey } from '../common/delete-items';
import { endEverySession } from '../common/sessions';
import { partitionOf } from '../common/table';
import { TOKEN_LIFETIMES } from '../common/token-lifetimes';
import { forgetRecipient } from '../newsletter/campaigns';
import type { CodePurpose } from './codes/rules';
import { codePartition } from './codes/store';
import { knownNetworks, networksKey } from './limits/known-networks';
import { FAILED_LOGINS_KNOWN_NETWORK } from './limits/rules';
import { counterKey, NOTICES, PASSWORD_CHECKS, STRANGERS, windowKey } from './limits/store';
import { deleteProfile } from './profile';

const PURPOSES: readonly CodePurpose[] = ['signup', 'reset'];

/**
 * The limits kept on an address: its code pacing, its streak of failed sign-ins from strangers, and the failed
 * sign-ins and deletion passwords counted from each network it was used from (this window and the one before, which
 * may not have expired).
 */
async function addressLimitKeys(address: string, network: string, nowSeconds: number): Promise<ItemKey[]> {
  const networks = new Set([...(await knownNetworks(address)), network]);
  const windows = [nowSeconds, nowSeconds - FAILED_LOGINS_KNOWN_NETWORK.windowSeconds];
  return [
    ...PURPOSES.map((purpose) => counterKey(`codes#${purpose}`, address)),
    counterKey(STRANGERS, address),
    counterKey(NOTICES, address),
    ...['logins', PASSWORD_CHECKS].flatMap((name) =>
      [...networks].flatMap((known) => windows.map((at) => windowKey(name, `${address}#${known}`, at, FAILED_LOGINS_KNOWN_NETWORK))),
    ),
    networksKey(address),
  ];
}

/**
 * What is kept under the person's sub. The profile goes first: from then on no campaign mails them (the sender checks
 * each profile before it mails).
 */
async function eraseOwnPartitions(sub: string): Promise<void> {
  await deleteProfile(sub);
  await Promise.all((['DOWNLOADS#*', 'ACTIVITY#*', 'SESSIONS#*'] as const).map((family) => deletePartition(partitionOf(family, sub))));
}

export async function eraseRecords(person: { sub: string; address: string; network: string }, nowSeconds: number): Promise<void> {
  const { sub, address, network } = person;
  await eraseOwnPartitions(sub);
  const limitKeys = await addressLimitKeys(address, network, nowSeconds);
  await Promise.all([
    ...PURPOSES.map((purpose) => deletePartition(codePartition(purpose, address))),
    deleteItems(limitKeys),
    forgetRecipient(sub),
  ]);
}

/**
 * What a request that raced the deletion may still write (a sign-in's session and activity, a download, a newsletter
 * choice that makes a profile): erased again once the user is gone. Then every session is marked ended for as long as
 * an access token lives: a sign-in that passed Cognito just before the user went, and records its session after this
 * sweep, opens nothing. The mark holds only the opaque sub and expires within the hour.
 */
export async function eraseTraces(sub: string): Promise<void> {
  await eraseOwnPartitions(sub);
  await endEverySession(sub, TOKEN_LIFETIMES.accessTokenMinutes * 60);
}
