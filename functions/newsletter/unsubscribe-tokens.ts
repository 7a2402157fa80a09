/**
 * Unsubscribe tokens: the subscriber's id and an HMAC of it, keyed with the newsletter secret. A token opens no
 * account and does only one thing (unsubscribe that subscriber); it cannot be forged, nor turned into another
 * subscriber's, without the key. It does not expire: a link in an old email must still work.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Refusal } from '../common/errors';
import { secret } from '../common/secrets';

const mac = (key: Buffer, sub: string): Buffer => createHmac('sha256', key).update(`unsubscribe\n${sub}`).digest();

export function unsubscribeToken(key: Buffer, sub: string): string {
  return `${Buffer.from(sub).toString('base64url')}.${mac(key, sub).toString('base64url')}`;
}

/** The subscriber a token names, or undefined if it is not one we signed. */
export function subscriberOf(key: Buffer, token: string): string | undefined {
  const [encodedSub, signature, extra] = token.split('.');
  if (!encodedSub || !signature || extra !== undefined) return undefined;
  const sub = Buffer.from(encodedSub, 'base64url').toString('utf8');
  if (!/^[\w-]{1,128}$/.test(sub)) return undefined;
  const expected = mac(key, sub);
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? sub : undefined;
}

/** The subscriber an unsubscribe link's token names, or the refusal invalid_link. */
export async function subscriberFromToken(token: string): Promise<string> {
  const sub = subscriberOf(await secret('newsletter'), token);
  if (!sub) throw new Refusal('invalid_link', 'This unsubscribe link is not valid.');
  return sub;
}
