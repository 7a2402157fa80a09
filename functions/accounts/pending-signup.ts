/**
 * A sign-up waits for its code in the table, not in Cognito: the Cognito user is made only when the code comes
 * back, with the password given then. So whoever confirms an account chose its password, whatever sign-ups were
 * made for the address before or after theirs (docs/SECURITY.md, pre-hijacking). The choices of a sign-up (name,
 * newsletter) apply only if the confirming password is that sign-up's: checked against a scrypt verifier, so the
 * table never holds a password or a fast hash of one.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ClientOrigin } from '../common/network';
import type { PendingSignup } from './codes/rules';

/** scrypt's cost (N=2^14, r=8, p=1: 16 MiB and tens of milliseconds), the interactive-login level. */
const COST = { N: 16_384, r: 8, p: 1 };
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer): Promise<Buffer> =>
  new Promise((done, failed) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, COST, (error, key) => (error ? failed(error) : done(key))));

export async function pendingSignup(password: string, choices: { name?: string; newsletter: boolean }, origin: ClientOrigin): Promise<PendingSignup> {
  const salt = randomBytes(16);
  const key = await derive(password, salt);
  return {
    ...(choices.name !== undefined && { name: choices.name }),
    newsletter: choices.newsletter,
    passwordVerifier: `${salt.toString('base64url')}.${key.toString('base64url')}`,
    requestedAt: new Date().toISOString(),
    origin,
  };
}

export interface SignupChoices {
  name?: string;
  newsletter: boolean;
  /** When and where the sign-up was made: only when the confirming password is its own. */
  signedUp?: { at: string; origin: ClientOrigin };
}

/** The sign-up's choices if `password` is the one it was made with; no name and no newsletter otherwise. */
export async function choicesFor(pending: PendingSignup, password: string): Promise<SignupChoices> {
  const [salt = '', expected = ''] = pending.passwordVerifier.split('.');
  const key = await derive(password, Buffer.from(salt, 'base64url'));
  const wanted = Buffer.from(expected, 'base64url');
  if (wanted.length !== key.length || !timingSafeEqual(wanted, key)) return { newsletter: false };
  return {
    ...(pending.name !== undefined && { name: pending.name }),
    newsletter: pending.newsletter,
    signedUp: { at: pending.requestedAt, origin: pending.origin },
  };
}
