/**
 * Attack 2 of docs/SECURITY.md: someone who knows only the victim's address signs it up with a password of their
 * own, before or after the victim, hoping the victim confirms that account with the code from their inbox. Whatever
 * the order, the account that gets confirmed has the password its confirmer gave, and nothing the attacker chose.
 */
import { confirm, forgetCodeThrottle, logIn, PASSWORD, signUp, uniqueEmail } from './accounts-fixtures';
import { call, expectError } from './client';
import { usersWithEmail } from './tokens';

const ATTACKER_PASSWORD = 'Attacker-Knows-This-1!';
const ATTACKER = '127.0.0.2';

async function attackerSignsUp(email: string): Promise<void> {
  const answer = await call('POST', '/auth/signup', { body: { email, password: ATTACKER_PASSWORD, name: 'Mallory', newsletter: true }, from: ATTACKER });
  expect(answer.status).toBe(201);
}

async function expectOwnedByVictim(email: string, profile: { name?: string; subscribed: boolean }): Promise<void> {
  expectError(await logIn(email, ATTACKER_PASSWORD), 401, 'invalid_credentials');
  const session = await logIn(email);
  expect(session.status).toBe(200);
  const me = await call<{ name?: string; newsletter: { subscribed: boolean } }>('GET', '/me', { token: session.body.accessToken });
  expect({ name: me.body.name, subscribed: me.body.newsletter.subscribed }).toEqual(profile);
}

describe('pre-hijacking an account (attack 2)', () => {
  it('no account exists while a sign-up waits for its code', async () => {
    const email = uniqueEmail('prehijack-none');
    await attackerSignsUp(email);
    expect(await usersWithEmail(email)).toEqual([]);
    expectError(await logIn(email, ATTACKER_PASSWORD), 401, 'invalid_credentials');
  });

  it('the attacker signs up first: the victim signs up and confirms, and the account is theirs alone', async () => {
    const email = uniqueEmail('prehijack-before');
    await attackerSignsUp(email);
    await forgetCodeThrottle(email);
    await signUp(email, { name: 'Vera Victim' });
    expect((await confirm(email)).status).toBe(200);
    await expectOwnedByVictim(email, { name: 'Vera Victim', subscribed: false });
  });

  it('the attacker signs up after the victim: the victim confirms with the latest code, and the attacker\'s password and choices do not apply', async () => {
    const email = uniqueEmail('prehijack-after');
    await signUp(email, { name: 'Vera Victim' });
    await forgetCodeThrottle(email);
    await attackerSignsUp(email);
    // The newest code in the victim's inbox is the one the attacker's sign-up caused; the victim gives their own password.
    expect((await confirm(email, PASSWORD)).status).toBe(200);
    await expectOwnedByVictim(email, { subscribed: false });
    expect((await usersWithEmail(email)).map((user) => user.status)).toEqual(['CONFIRMED']);
  });

  it('the attacker cannot confirm without the code, and his password is never the account\'s', async () => {
    const email = uniqueEmail('prehijack-guess');
    await signUp(email);
    await forgetCodeThrottle(email);
    await attackerSignsUp(email);
    const guess = await call('POST', '/auth/confirm', { body: { email, code: '000000', password: ATTACKER_PASSWORD }, from: ATTACKER });
    expect([400, 429]).toContain(guess.status);
    expect(await usersWithEmail(email)).toEqual([]);
  });
});
