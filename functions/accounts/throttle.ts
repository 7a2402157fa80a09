/** Per-address rate limits, as pure rules: what is allowed given the recent history of events. */
import { HttpError } from '../shared/errors';

export interface Rule {
  /** Seconds that must pass between two events. */
  minIntervalSeconds: number;
  maxInWindow: number;
  windowSeconds: number;
}

/** The contract: at least 60 s between codes, at most 5 codes an hour, per address. */
export const CODE_SENDING: Rule = { minIntervalSeconds: 60, maxInWindow: 5, windowSeconds: 3600 };

/** Password guessing: at most 10 failed sign-ins per address in 15 minutes. */
export const FAILED_LOGINS: Rule = { minIntervalSeconds: 0, maxInWindow: 10, windowSeconds: 900 };

export type Decision = { allowed: true; history: number[] } | { allowed: false; retryAfterSeconds: number };

export function decide(history: readonly number[], nowSeconds: number, rule: Rule): Decision {
  const recent = history.filter((at) => at > nowSeconds - rule.windowSeconds).sort((a, b) => a - b);
  const waits: number[] = [];
  const last = recent.at(-1);
  if (last !== undefined && nowSeconds - last < rule.minIntervalSeconds) waits.push(last + rule.minIntervalSeconds - nowSeconds);
  if (recent.length >= rule.maxInWindow) waits.push(recent[recent.length - rule.maxInWindow]! + rule.windowSeconds - nowSeconds);
  if (waits.length > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits))) };
  return { allowed: true, history: [...recent, nowSeconds] };
}

export const tooManyRequests = (retryAfterSeconds: number): HttpError =>
  new HttpError(429, 'too_many_requests', 'Too many requests for this address. Please wait before trying again.', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
