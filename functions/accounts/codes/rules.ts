/**
 * The verification-code ledger, as pure functions: how codes are made, how they are kept (only a keyed hash),
 * and how a candidate is judged. The store (store.ts) keeps one record per address and purpose.
 */
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ClientOrigin } from '../../common/network';

export type CodePurpose = 'signup' | 'reset';

/** Wrong codes one network may try against one code; other networks keep their own tries (docs/SECURITY.md). */
export const MAX_WRONG_TRIES = 5;

/** The usual code, and the one issued while the portal's daily budget of wrong tries is spent (docs/SECURITY.md). */
export const CODE_DIGITS = 6;
export const HARDENED_CODE_DIGITS = 12;

/** A sign-up waiting for its code: the choices made, and a verifier of its password (never the password). */
export interface PendingSignup {
  name?: string;
  newsletter: boolean;
  passwordVerifier: string;
  /** When and where the sign-up was made: the account's activity starts with it once confirmed. */
  requestedAt: string;
  origin: ClientOrigin;
}

export interface CodeRecord {
  /** Fresh for every code, so each code's tries are counted apart. */
  codeId: string;
  digest: string;
  digits: number;
  /** Epoch seconds when the code stops working. */
  codeExpiresAt: number;
  /**
   * Epoch seconds; the table's TTL. A reset code goes with its expiry; a pending sign-up stays one more code
   * lifetime, so that "send a new code" still works just after a code expired.
   */
  expiresAt: number;
  /** Sign-up codes only. */
  signup?: PendingSignup;
}

export type Verdict = 'valid' | 'mismatch' | 'expired';

/** Digits from a CSPRNG, leading zeros kept. */
export function generateCode(digits = CODE_DIGITS): string {
  let code = '';
  while (code.length < digits) code += String(randomInt(0, 1_000_000)).padStart(6, '0');
  return code.slice(0, digits);
}

const hmac = (secret: Buffer, text: string): string => createHmac('sha256', secret).update(text).digest('base64url');

/** The keyed hash of a code, bound to its purpose and address so a reset code never confirms a sign-up. */
export const codeDigest = (secret: Buffer, purpose: CodePurpose, email: string, code: string): string =>
  hmac(secret, `code\n${purpose}\n${email}\n${code}`);

/** The address as it appears in keys: a keyed hash, so the table does not list who asked for codes. */
export const addressDigest = (secret: Buffer, email: string): string => hmac(secret, `address\n${email}`);

/** A network (functions/common/network.ts) as it appears in keys, for the same reason. */
export const networkDigest = (secret: Buffer, network: string): string => hmac(secret, `network\n${network}`);

export function newCodeRecord(options: { digest: string; digits: number; nowSeconds: number; ttlSeconds: number; signup?: PendingSignup }): CodeRecord {
  const { digest, digits, nowSeconds, ttlSeconds, signup } = options;
  const codeExpiresAt = nowSeconds + ttlSeconds;
  return { codeId: randomUUID(), digest, digits, codeExpiresAt, expiresAt: signup ? codeExpiresAt + ttlSeconds : codeExpiresAt, ...(signup && { signup }) };
}

/**
 * The digest is compared first: an expired code is only called expired to someone who knows it, so "expired"
 * never tells a guesser that the address had a code.
 */
export function judge(record: CodeRecord | undefined, candidateDigest: string, nowSeconds: number): Verdict {
  if (!record) return 'mismatch';
  const expected = Buffer.from(record.digest);
  const candidate = Buffer.from(candidateDigest);
  if (expected.length !== candidate.length || !timingSafeEqual(expected, candidate)) return 'mismatch';
  return record.codeExpiresAt <= nowSeconds ? 'expired' : 'valid';
}

/** Whether a sign-up is still pending: its code, or the time to ask for a new one, has not run out. */
export const isPending = (record: CodeRecord | undefined, nowSeconds: number): record is CodeRecord & { signup: PendingSignup } =>
  record?.signup !== undefined && record.expiresAt > nowSeconds;
