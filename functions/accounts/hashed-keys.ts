/** An address and a network as they appear in the table's keys: keyed hashes (codes/rules.ts), never the values. */
import { secret } from '../common/secrets';
import { addressDigest, networkDigest } from './codes/rules';

export async function hashedKeys(email: string, network: string): Promise<{ address: string; network: string }> {
  const key = await secret('codes');
  return { address: addressDigest(key, email), network: networkDigest(key, network) };
}
