/**
 * Redeeming the emailed codes: the ledger's rules (codes.ts) applied to the store. Issuing them is issuing.ts.
 */
import { HttpError } from '../shared/errors';
import { integerEnv } from '../shared/config';
import { secret } from '../shared/secrets';
import type { CodePurpose, CodeRecord } from './codes';
import { addressDigest, codeDigest, judge } from './codes';
import { consumeCode, loadCode, recordWrongTry, restoreCode } from './code-store';
import { CODE_SENDING } from './throttle';

export const codeTtlSeconds = integerEnv('CODE_TTL_SECONDS', 1800, { min: 1, max: 86_400 });

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
export const codeExpiry = (issuedAt: number): string => new Date((issuedAt + codeTtlSeconds) * 1000).toISOString();

/** The address as it appears in the table's keys. */
export const addressOf = async (email: string): Promise<string> => addressDigest(await secret('codes'), email);

export interface Redeemed {
  record: CodeRecord;
  /** Puts the code back, for when the step it unlocked failed and the user should be able to try again. */
  restore: () => Promise<void>;
}

/**
 * Checks a code and uses it up, or throws the contract's error: code_mismatch (with the tries left), code_expired,
 * or too_many_attempts once MAX_WRONG_TRIES wrong codes have been tried.
 */
export async function redeemCode(purpose: CodePurpose, email: string, code: string): Promise<Redeemed> {
  const key = await secret('codes');
  const address = addressDigest(key, email);
  const candidate = codeDigest(key, purpose, email, code);
  const now = nowSeconds();
  const record = await loadCode(purpose, address);
  const verdict = judge(record, candidate, now);
  if (verdict === 'valid') {
    const consumed = await consumeCode(purpose, address, candidate);
    if (consumed) return { record: consumed, restore: () => restoreCode(purpose, address, consumed) };
  }
  if (verdict === 'expired') throw new HttpError(410, 'code_expired', 'This code has expired. Ask for a new one.');
  if (verdict === 'exhausted') throw tooManyAttempts();
  // A wrong code, or a right one that a concurrent request used first.
  const attemptsLeft = await recordWrongTry(purpose, address, now + codeTtlSeconds);
  if (attemptsLeft === 'exhausted') throw tooManyAttempts();
  throw new HttpError(400, 'code_mismatch', 'This code is not right.', { attemptsLeft });
}

const tooManyAttempts = (): HttpError =>
  new HttpError(429, 'too_many_attempts', 'Too many wrong codes: this code no longer works. Ask for a new one.', undefined, {
    'Retry-After': String(CODE_SENDING.minIntervalSeconds),
  });
