/**
 * Redeeming the emailed codes: the ledger's rules (codes.ts) applied to the store. Issuing them is issuing.ts.
 */
import { HttpError } from '../shared/errors';
import { integerEnv } from '../shared/config';
import { secret } from '../shared/secrets';
import type { TransactItem } from '../shared/aws/dynamodb';
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
  /** Puts the code back, for when the step it unlocked failed and the user should be able to try again. */
  restore: () => Promise<void>;
}

/** A right code, checked but not used up yet. */
export interface RightCode {
  record: CodeRecord;
  /**
   * Uses it up, with `alongWith` (what the code unlocks) in the same transaction; code_mismatch if a concurrent
   * request used it first.
   */
  redeem: (alongWith?: TransactItem) => Promise<Redeemed>;
}

/**
 * Checks a code, or throws the contract's error: code_mismatch (with the tries left), code_expired, or
 * too_many_attempts once MAX_WRONG_TRIES wrong codes have been tried.
 */
export async function checkCode(purpose: CodePurpose, email: string, code: string): Promise<RightCode> {
  const key = await secret('codes');
  const address = addressDigest(key, email);
  const candidate = codeDigest(key, purpose, email, code);
  const now = nowSeconds();
  const record = await loadCode(purpose, address);
  const wrongTry = async (): Promise<HttpError> => {
    const attemptsLeft = await recordWrongTry(purpose, address, now + codeTtlSeconds);
    if (attemptsLeft === 'exhausted') return tooManyAttempts();
    return new HttpError(400, 'code_mismatch', 'This code is not right.', { attemptsLeft });
  };
  switch (judge(record, candidate, now)) {
    case 'valid':
      return {
        record: record!,
        redeem: async (alongWith) => {
          if (await consumeCode(purpose, address, candidate, alongWith)) return { restore: () => restoreCode(purpose, address, record!) };
          throw await wrongTry();
        },
      };
    case 'expired':
      throw new HttpError(410, 'code_expired', 'This code has expired. Ask for a new one.');
    case 'exhausted':
      throw tooManyAttempts();
    case 'mismatch':
      throw await wrongTry();
  }
}

/** Checks a code and uses it up at once. */
export async function redeemCode(purpose: CodePurpose, email: string, code: string): Promise<Redeemed> {
  return (await checkCode(purpose, email, code)).redeem();
}

const tooManyAttempts = (): HttpError =>
  new HttpError(429, 'too_many_attempts', 'Too many wrong codes: this code no longer works. Ask for a new one.', undefined, {
    'Retry-After': String(CODE_SENDING.minIntervalSeconds),
  });
