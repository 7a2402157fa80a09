/**
 * Redeeming the emailed codes: the ledger's rules (rules.ts) applied to the store. Issuing them is issuing.ts.
 * Every try is counted twice before the code is judged, atomically: against the trying network's tries at this
 * code, and against the portal's daily budget of wrong tries, past which six-digit codes are no longer judged
 * at all (longer ones are issued instead). docs/SECURITY.md has the arithmetic.
 */
import { isRefusal, Refusal } from '../../common/errors';
import { logger } from '../../common/logger';
import { secret } from '../../common/secrets';
import type { TransactItem } from '../../common/aws/dynamodb';
import { BUDGET_LOG } from './budget-log';
import type { CodePurpose, CodeRecord } from './rules';
import { addressDigest, CODE_DIGITS, codeDigest, judge, networkDigest } from './rules';
import { consumeCode, giveBackTry, loadCode, restoreCode, takeTry } from './store';
import { codeTtlSeconds, nowSeconds } from './clock';
import { CODE_GUESSES_PER_DAY, CODE_GUESSES_PER_NETWORK_PER_DAY, secondsToNextWindow } from '../limits/rules';
import { countInWindow, takeFromWindow, uncountInWindow, windowCount } from '../limits/store';

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

const GUESSES = 'code-guesses';
const EVERYONE = 'all';

/** Whether today's budget of wrong tries is spent, so new codes are issued long (issuing.ts). */
export const guessBudgetSpent = async (now: number): Promise<boolean> => (await windowCount(GUESSES, EVERYONE, CODE_GUESSES_PER_DAY, now)) >= CODE_GUESSES_PER_DAY.limit;

/**
 * Checks a code, or throws the contract's error: code_mismatch (with the tries this network has left),
 * code_expired, or too_many_attempts once this network has used its tries at this code.
 */
export async function checkCode(purpose: CodePurpose, email: string, code: string, network: string): Promise<RightCode> {
  const key = await secret('codes');
  const address = addressDigest(key, email);
  const candidate = codeDigest(key, purpose, email, code);
  const now = nowSeconds();
  const hashedNetwork = networkDigest(key, network);
  // Side by side: the try is taken whatever the record says, so reading it need not wait.
  const [record, tries] = await Promise.all([loadCode(purpose, address), takeTry(purpose, address, hashedNetwork, now, codeTtlSeconds)]);
  if ('exhausted' in tries) throw tooManyAttempts(tries.retryAfterSeconds);
  const attemptsLeft = tries.left;
  // One network's wrong codes across every address: a single client cannot spend the portal's budget alone.
  await takeFromWindow(GUESSES, hashedNetwork, CODE_GUESSES_PER_NETWORK_PER_DAY, now).catch((error: unknown) => {
    throw isRefusal(error, 'too_many_requests') ? tooManyAttempts(secondsToNextWindow(now, CODE_GUESSES_PER_NETWORK_PER_DAY)) : error;
  });
  const triesToday = await countInWindow(GUESSES, EVERYONE, CODE_GUESSES_PER_DAY, now);
  if (triesToday === CODE_GUESSES_PER_DAY.limit + 1) logger.warn(BUDGET_LOG.guessBudgetSpent, { triesToday });
  // Past the budget a short code is not even compared, so no more short guesses can succeed. The same answer
  // for every address: ask for a new (long) code.
  if (triesToday > CODE_GUESSES_PER_DAY.limit && code.length === CODE_DIGITS) throw codeExpired();
  switch (judge(record, candidate, now)) {
    case 'valid':
      // A right code is no guess: it counts neither against the budget nor against the network's tries.
      await Promise.all([uncountInWindow(GUESSES, EVERYONE, CODE_GUESSES_PER_DAY, now), giveBackTry(purpose, address, hashedNetwork)]);
      return {
        record: record!,
        redeem: async (alongWith) => {
          if (await consumeCode(purpose, address, record!.codeId, alongWith)) return { restore: () => restoreCode(purpose, address, record!) };
          throw codeMismatch(attemptsLeft);
        },
      };
    case 'expired':
      throw codeExpired();
    case 'mismatch':
      logger.info(BUDGET_LOG.wrongCode, { purpose });
      throw codeMismatch(attemptsLeft);
  }
}

/** Checks a code and uses it up at once. */
export async function redeemCode(purpose: CodePurpose, email: string, code: string, network: string): Promise<Redeemed> {
  return (await checkCode(purpose, email, code, network)).redeem();
}

export const codeMismatch = (attemptsLeft: number): Refusal => new Refusal('code_mismatch', 'This code is not right.', { attemptsLeft });

const codeExpired = (): Refusal => new Refusal('code_expired', 'This code no longer works. Ask for a new one.');

/** The network's tries are spent until the given number of seconds has passed. */
const tooManyAttempts = (retryAfterSeconds: number): Refusal =>
  new Refusal('too_many_attempts', 'Too many wrong codes from this network. Please wait before trying again.', undefined, Math.max(1, retryAfterSeconds));
