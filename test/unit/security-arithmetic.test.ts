/**
 * docs/SECURITY.md, attack 4: under the deployed defaults, an attacker who knows every address and has unlimited
 * source addresses expects fewer than one account takeover a year by guessing codes. Computed from the values the
 * code and the stack actually use, so changing one past the goal fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_DIGITS, HARDENED_CODE_DIGITS } from '../../functions/accounts/codes/rules';
import { CODE_GUESSES_PER_DAY } from '../../functions/accounts/limits/rules';

const SECONDS_PER_YEAR = 365 * 86_400;
const { apiThrottleRate } = (JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')) as { context: { apiThrottleRate: number } }).context;

describe('expected takeovers a year by guessing codes', () => {
  it('is below one: the daily budget bounds short guesses, the API throttle long ones', () => {
    expect(CODE_GUESSES_PER_DAY).toEqual({ limit: 2_000, windowSeconds: 86_400 });
    const shortGuesses = CODE_GUESSES_PER_DAY.limit * 365;
    const longGuesses = apiThrottleRate * SECONDS_PER_YEAR;
    const expected = shortGuesses * 10 ** -CODE_DIGITS + longGuesses * 10 ** -HARDENED_CODE_DIGITS;
    expect(expected).toBeCloseTo(0.7316, 3);
    expect(expected).toBeLessThan(1);
  });
});
