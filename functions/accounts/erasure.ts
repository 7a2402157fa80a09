/**
 * Everything the table holds about one person, found from their sub and their address, so that an account deletion
 * leaves nothing of them: the profile, downloads, activity, sessions, codes and pending sign-ups, the limits kept on
 * their address, and their place among each campaign's recipients (campaigns keep their counts). Each step deletes
 * what may not be there, so erasing twice is harmless.
 */
import { deleteItems, deletePartition } from '../common/batch-delete';
import type { ItemKey } from '../common/batch-delete';
import { partitionOf } from '../common/table';
import { forgetRecipient } from '../newsletter/campaigns';
import type { CodePurpose } from './codes/rules';
import { codePartition } from './codes/store';
import { knownNetworks, networksKey } from './limits/known-networks';
import { FAILED_LOGINS_KNOWN_NETWORK } from './limits/rules';
import { counterKey, PASSWORD_CHECKS, windowKey } from './limits/store';
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
    counterKey('logins-new-networks', address),
    ...['logins', PASSWORD_CHECKS].flatMap((name) =>
      [...networks].flatMap((known) => windows.map((at) => windowKey(name, `${address}#${known}`, at, FAILED_LOGINS_KNOWN_NETWORK))),
    ),
    networksKey(address),
  ];
}

/** The profile goes first: from then on no campaign mails the person (the sender checks each profile before it mails). */
export async function eraseRecords(person: { sub: string; address: string; network: string }, nowSeconds: number): Promise<void> {
  const { sub, address, network } = person;
  await deleteProfile(sub);
  const limitKeys = await addressLimitKeys(address, network, nowSeconds);
  await Promise.all([
    deletePartition(partitionOf('DOWNLOADS#*', sub)),
    ...PURPOSES.map((purpose) => deletePartition(codePartition(purpose, address))),
    deleteItems(limitKeys),
    forgetRecipient(sub),
  ]);
  await eraseTraces(sub);
}

/** The account's activity and sessions: erased again once the user is gone, in case a sign-in raced the deletion. */
export async function eraseTraces(sub: string): Promise<void> {
  await Promise.all([deletePartition(partitionOf('ACTIVITY#*', sub)), deletePartition(partitionOf('SESSIONS#*', sub))]);
}
