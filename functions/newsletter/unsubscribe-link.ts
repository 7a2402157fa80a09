import { HttpError } from '../shared/errors';
import { secret } from '../shared/secrets';
import { subscriberOf } from './tokens';

/** The subscriber named by an unsubscribe link's token, or 400 invalid_token. */
export async function subscriberFromToken(token: string): Promise<string> {
  const sub = subscriberOf(await secret('newsletter'), token);
  if (!sub) throw new HttpError(400, 'invalid_token', 'This unsubscribe link is not valid.');
  return sub;
}
