/**
 * The account limits, as pure rules (docs/SECURITY.md has their arithmetic). Two kinds:
 * - a window counter: at most `limit` events per fixed window, counted atomically in the store;
 * - pacing, for codes sent to one address: a minimum interval, a burst, then one more per refill period. With the
 *   refill period equal to a code's lifetime, whoever asks for codes to someone's address, the owner always has a
 *   live code in their inbox or may ask for one: nobody can keep them from a code.
 */
import { integerEnv } from '../../common/config';

export interface WindowLimit {
  limit: number;
  windowSeconds: number;
}

export interface Pacing {
  minIntervalSeconds: number;
  burst: number;
  refillSeconds: number;
}

/** The state of a paced subject: when the last event was, and the "theoretical arrival time" of GCRA. */
export interface PacingState {
  last: number;
  tat: number;
}

export type PacingDecision = { allowed: true; state: PacingState } | { allowed: false; retryAfterSeconds: number };

/** The generic cell rate algorithm (a token bucket in one number), plus a minimum interval between events. */
export function pace(state: PacingState | undefined, nowSeconds: number, pacing: Pacing): PacingDecision {
  const tolerance = (pacing.burst - 1) * pacing.refillSeconds;
  const waits = [0];
  if (state) {
    waits.push(state.last + pacing.minIntervalSeconds - nowSeconds, state.tat - tolerance - nowSeconds);
  }
  const wait = Math.max(...waits);
  if (wait > 0) return { allowed: false, retryAfterSeconds: Math.ceil(wait) };
  return { allowed: true, state: { last: nowSeconds, tat: Math.max(state?.tat ?? 0, nowSeconds) + pacing.refillSeconds } };
}

/** The window an instant falls in, and how long until the next one. */
export const windowIndex = (nowSeconds: number, rule: WindowLimit): number => Math.floor(nowSeconds / rule.windowSeconds);
export const secondsToNextWindow = (nowSeconds: number, rule: WindowLimit): number =>
  Math.max(1, (windowIndex(nowSeconds, rule) + 1) * rule.windowSeconds - nowSeconds);

const HOUR = 3600;
const DAY = 86_400;

/** New-browser notices to one address: three at once, then one per 8 hours, so sign-ins cannot spend the mail quota. */
export const NOTICE_PACING: Pacing = { minIntervalSeconds: 0, burst: 3, refillSeconds: 8 * HOUR };

/** Codes to one address: one a minute, five at once, then one per code lifetime. */
export const codeSendingPacing = (codeTtlSeconds: number): Pacing => ({ minIntervalSeconds: 60, burst: 5, refillSeconds: codeTtlSeconds });

/** Requests that may send a code (sign-up, resend, reset), from one network, whatever the addresses. */
export const CODE_REQUESTS_PER_NETWORK: WindowLimit = {
  limit: integerEnv('CODE_REQUESTS_PER_NETWORK_PER_HOUR', 20, { min: 1, max: 1_000_000 }),
  windowSeconds: HOUR,
};

/** Requests that may send a code, from everyone: caps the mail an attacker with many networks can cause. */
export const CODE_REQUESTS_PER_DAY: WindowLimit = { limit: integerEnv('CODE_REQUESTS_PER_DAY', 5_000, { min: 1, max: 10_000_000 }), windowSeconds: DAY };

/** The budget of wrong codes a day where CODE_GUESS_BUDGET_PER_DAY is not set, as on AWS (the stack does not set it). */
export const CODE_GUESS_BUDGET_DEFAULT = 2_000;

/**
 * Wrong codes tried by everyone in a day before codes get longer: 2,000 a day of one-in-a-million guesses is
 * 0.73 expected lucky guesses a year (docs/SECURITY.md).
 */
export const CODE_GUESSES_PER_DAY: WindowLimit = { limit: integerEnv('CODE_GUESS_BUDGET_PER_DAY', CODE_GUESS_BUDGET_DEFAULT, { min: 1, max: 1_000_000 }), windowSeconds: DAY };

/** Codes one network may try in a day, whatever the addresses: a fortieth of everyone's budget. */
export const CODE_GUESSES_PER_NETWORK_PER_DAY: WindowLimit = {
  limit: integerEnv('CODE_GUESSES_PER_NETWORK_PER_DAY', 50, { min: 1, max: 1_000_000 }),
  windowSeconds: DAY,
};

/** Failed sign-ins to one address from a network it has used before (signed in, confirmed or reset from). */
export const FAILED_LOGINS_KNOWN_NETWORK: WindowLimit = { limit: 10, windowSeconds: 900 };

/** Consecutive events, refused past `limit` until the streak has been quiet for `quietSeconds`. */
export interface Streak {
  limit: number;
  quietSeconds: number;
}

/**
 * Consecutive failed sign-ins to one address from all the networks it has not used, together. Cognito locks a user
 * out after five failures in a row and forgets them after a quiet spell (about 15 minutes): four, with 20 quiet
 * minutes before a new streak, keeps strangers from ever getting the owner locked out by Cognito.
 */
export const FAILED_LOGINS_NEW_NETWORKS: Streak = { limit: 4, quietSeconds: 1200 };
