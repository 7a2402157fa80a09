import { Refusal } from '../common/errors';

/**
 * The password policy, defined once: the API checks it (listing every rule broken) and the Cognito user pool is
 * configured from it, so the two can never disagree. Cognito counts a space as a symbol, so `no_spaces` is ours.
 */
export const passwordPolicy = {
  minLength: 12,
  maxLength: 256,
  requireUppercase: true,
  requireLowercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

export type PasswordViolation = 'min_length' | 'max_length' | 'no_spaces' | 'uppercase' | 'lowercase' | 'number' | 'symbol';

/** Cognito's own symbol set; a character outside it does not count as the required symbol there either. */
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;

export function passwordViolations(password: string): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const length = [...password].length;
  if (length < passwordPolicy.minLength) violations.push('min_length');
  if (length > passwordPolicy.maxLength) violations.push('max_length');
  if (/\s/u.test(password)) violations.push('no_spaces');
  if (!/\p{Lu}/u.test(password)) violations.push('uppercase');
  if (!/\p{Ll}/u.test(password)) violations.push('lowercase');
  if (!/\d/.test(password)) violations.push('number');
  if (!SYMBOL.test(password)) violations.push('symbol');
  return violations;
}

/** Throws the contract's 400 weak_password, listing every rule broken, unless the password meets the policy. */
export function assertStrongPassword(password: string): void {
  const violations = passwordViolations(password);
  if (violations.length > 0) throw new Refusal('weak_password', 'The password does not meet the policy.', { violations });
}
