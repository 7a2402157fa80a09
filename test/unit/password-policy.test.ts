import { passwordViolations } from '../../functions/accounts/password-policy';

describe('password policy', () => {
  it.each([
    ['Strong-Password-2024', []],
    ['short1A!', ['min_length']],
    ['has a space 1A!xyz', ['no_spaces']],
    ['tab\tinside-Password1', ['no_spaces']],
    ['alllowercase-2024', ['uppercase']],
    ['ALLUPPERCASE-2024', ['lowercase']],
    ['No-Digits-Anywhere', ['number']],
    ['NoSymbolsAtAll2024', ['symbol']],
    ['', ['min_length', 'uppercase', 'lowercase', 'number', 'symbol']],
    ['a b', ['min_length', 'no_spaces', 'uppercase', 'number', 'symbol']],
  ])('%j breaks %j', (password, expected) => {
    expect(passwordViolations(password)).toEqual(expected);
  });

  it('limits the length to 256 characters', () => {
    expect(passwordViolations(`Aa1!${'x'.repeat(252)}`)).toEqual([]);
    expect(passwordViolations(`Aa1!${'x'.repeat(253)}`)).toEqual(['max_length']);
  });

  it('does not count a space as the symbol, as Cognito would', () => {
    expect(passwordViolations('Password 2024abc')).toEqual(['no_spaces', 'symbol']);
  });
});
