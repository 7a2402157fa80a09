import { Refusal } from '../shared/errors';
import { secret } from '../shared/secrets';
import { subscriberOf } from './tokens';

/** The subscriber named by an unsubscribe link's token, or the refusal invalid_link. */
export async function subscriberFromToken(token: string): Promise<string> {
  const sub = subscriberOf(await secret('newsletter'), token);
  if (!sub) throw new Refusal('invalid_link', 'This unsubscribe link is not valid.');
  return sub;
}
