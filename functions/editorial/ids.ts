import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `<prefix>_` and 16 base32 characters: 80 random bits, and an underscore, which no slug can contain. */
export function newId(prefix: 'art' | 'vid' | 'upl'): string {
  return `${prefix}_${[...randomBytes(16)].map((byte) => BASE32[byte % 32]).join('')}`;
}
