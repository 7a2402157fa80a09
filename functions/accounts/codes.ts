/**
 * The verification-code ledger, as pure functions: how codes are made, how they are kept (only a keyed hash),
 * and how a candidate is judged. The store (code-store.ts) keeps one record per address and purpose.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export type CodePurpose = 'signup' | 'reset';

/** After this many wrong codes the code is dead and a new one must be asked for. */
export const MAX_WRONG_TRIES = 5;

export interface CodeRecord {
  /** Absent on a record that only counts wrong tries for an address that was sent no code. */
  digest?: string;
  /** Epoch seconds; also the table's TTL attribute. */
  expiresAt: number;
  attemptsLeft: number;
  /** Sign-up only: subscribe to the newsletter once confirmed. */
  newsletter?: boolean;
}

export type Verdict = 'valid' | 'mismatch' | 'expired' | 'exhausted';

/** Six digits from a CSPRNG, leading zeros kept. */
export const generateCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

const hmac = (secret: Buffer, text: string): string => createHmac('sha256', secret).update(text).digest('base64url');

/** The keyed hash of a code, bound to its purpose and address so a reset code never confirms a sign-up. */
export const codeDigest = (secret: Buffer, purpose: CodePurpose, email: string, code: string): string =>
  hmac(secret, `code\n${purpose}\n${email}\n${code}`);

/** The address as it appears in keys: a keyed hash, so the table does not list who asked for codes. */
export const addressDigest = (secret: Buffer, email: string): string => hmac(secret, `address\n${email}`);

export function newCodeRecord(digest: string, nowSeconds: number, ttlSeconds: number, newsletter?: boolean): CodeRecord {
  return { digest, expiresAt: nowSeconds + ttlSeconds, attemptsLeft: MAX_WRONG_TRIES, ...(newsletter && { newsletter }) };
}

export function judge(record: CodeRecord | undefined, candidateDigest: string, nowSeconds: number): Verdict {
  if (record && record.attemptsLeft <= 0) return 'exhausted';
  if (!record?.digest) return 'mismatch';
  if (record.expiresAt <= nowSeconds) return 'expired';
  const expected = Buffer.from(record.digest);
  const candidate = Buffer.from(candidateDigest);
  return expected.length === candidate.length && timingSafeEqual(expected, candidate) ? 'valid' : 'mismatch';
}
