/**
 * Attack 4 of docs/SECURITY.md: guessing codes across many accounts from many networks. Per code and network the
 * tries are few (attack-lockout.test.ts), so what bounds a guesser with unlimited networks is the portal's daily
 * budget of wrong tries: once spent, six-digit codes are not even compared, and new codes have twelve digits.
 * This file's handlers run in-process on a DynamoDB Local of their own, so the budget starts at zero and is small.
 */
import { configure, invokeRoute } from './in-process';
import { forgetCodeThrottle, PASSWORD, uniqueEmail } from './accounts-fixtures';
import { latestCode } from './mailbox';
import type { PrivateDatabase } from './private-database';
import { startPrivateDatabase } from './private-database';

const BUDGET = 3;
const PER_NETWORK = 6;
const OWNER = '203.0.113.10';
const attacker = (index: number) => `198.51.100.${index + 1}`;

let database: PrivateDatabase;

beforeAll(async () => {
  database = await startPrivateDatabase();
  configure({
    AWS_ENDPOINT_URL_DYNAMODB: database.url,
    CODE_GUESS_BUDGET_PER_DAY: String(BUDGET),
    CODE_GUESSES_PER_NETWORK_PER_DAY: String(PER_NETWORK),
    RESPONSE_FLOOR_MS: '0',
  });
}, 60_000);

afterAll(() => database.remove());

const confirmWith = (email: string, code: string, from: string) => invokeRoute('accounts/confirm', { body: { email, code, password: PASSWORD }, from });

describe('a daily budget of wrong codes (attack 4)', () => {
  it('once spent, no six-digit code is judged, not even the right one; the owner gets a twelve-digit code and gets in', async () => {
    const email = uniqueEmail('budget');
    expect((await invokeRoute('accounts/signup', { body: { email, password: PASSWORD }, from: OWNER })).statusCode).toBe(201);
    const shortCode = await latestCode(email);
    expect(shortCode).toMatch(/^\d{6}$/);
    const wrong = shortCode === '000000' ? '111111' : '000000';
    // Attackers on several networks spend the day's budget.
    for (let index = 0; index < BUDGET; index += 1) {
      const guess = await confirmWith(email, wrong, attacker(index));
      expect([guess.statusCode, guess.body.error?.code]).toEqual([400, 'code_mismatch']);
    }
    // From now on a six-digit guess cannot succeed: right or wrong, every one gets the same answer.
    for (const [code, from] of [[wrong, attacker(BUDGET)], [shortCode, attacker(BUDGET + 1)], [shortCode, OWNER]] as const) {
      const refused = await confirmWith(email, code, from);
      expect([refused.statusCode, refused.body.error?.code]).toEqual([410, 'code_expired']);
    }
    // The owner asks for a new code (a minute later), as the answer says: it is long, and it works.
    await forgetCodeThrottle(email, database.client);
    expect((await invokeRoute('accounts/resend-code', { body: { email }, from: OWNER })).statusCode).toBe(202);
    const longCode = await latestCode(email);
    expect(longCode).toMatch(/^\d{12}$/);
    const longWrong = await confirmWith(email, '123456789012', attacker(0));
    expect([longWrong.statusCode, longWrong.body.error?.code]).toEqual([400, 'code_mismatch']);
    expect((await confirmWith(email, longCode, OWNER)).statusCode).toBe(200);
  });
});

describe('a daily cap of codes per network (attack 4)', () => {
  it('one network trying codes across many addresses is refused past its cap, whatever the addresses', async () => {
    const network = '198.51.100.50';
    const answers: (number | undefined)[] = [];
    for (let index = 0; index <= PER_NETWORK; index += 1) {
      answers.push((await confirmWith(uniqueEmail('spray'), '123456789012', network)).statusCode);
    }
    expect(answers).toEqual([...Array<number>(PER_NETWORK).fill(400), 429]);
  });
});
