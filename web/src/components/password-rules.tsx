import type { PasswordViolation } from '../../../functions/accounts/password-policy';
import { passwordPolicy, passwordViolations } from '../../../functions/accounts/password-policy';

/** The API's own policy (one definition), shown as it is met: each rule ticked live, broken ones named after a refused submit. */
const RULES: [PasswordViolation, string][] = [
  ['min_length', `At least ${passwordPolicy.minLength} characters`],
  ['no_spaces', 'No spaces'],
  ['uppercase', 'An uppercase letter'],
  ['lowercase', 'A lowercase letter'],
  ['number', 'A number'],
  ['symbol', 'A symbol'],
];

export const isStrong = (password: string): boolean => passwordViolations(password).length === 0;

export function PasswordRules({ password, showBroken }: { password: string; showBroken: boolean }) {
  const broken = new Set(passwordViolations(password));
  return (
    <div id="password-rules">
      <p>The password must be at least {passwordPolicy.minLength} characters long, no spaces, include upper/lowercase letters, numbers and symbols</p>
      <ul class="rules">
        {RULES.map(([rule, text]) => {
          const met = !broken.has(rule);
          return (
            <li key={rule} class={met ? 'met' : showBroken ? 'broken' : ''} data-rule={rule}>
              <span aria-hidden="true">{met ? '✓' : '•'}</span> {text}
              <span class="visually-hidden">{met ? ' (met)' : ' (not met)'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
