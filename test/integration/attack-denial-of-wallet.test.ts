/**
 * Attack 7 of docs/SECURITY.md: anonymous requests that cost money or mail reputation. A sign-up makes no Cognito
 * user, and its pending record outlives its code by one code lifetime only; requests that may send a code are
 * budgeted per network and for everyone. The handlers run in-process on a DynamoDB Local of this file's own, so
 * the budgets start at zero, with small limits: 3 an hour per network, 6 a day in all. (SES's own bounce and
 * complaint rates trip a breaker on AWS: test/unit and test/infra cover it, as no emulator publishes them.)
 */
import { configure, invokeRoute } from './in-process';
import { forgetCodeThrottle, PASSWORD, uniqueEmail } from './accounts-fixtures';
import { inbox, latestCode } from './mailbox';
import type { PrivateDatabase } from './private-database';
import { startPrivateDatabase } from './private-database';
import { usersWithEmail } from './tokens';

let database: PrivateDatabase;

beforeAll(async () => {
  database = await startPrivateDatabase();
  configure({
    AWS_ENDPOINT_URL_DYNAMODB: database.url,
    CODE_REQUESTS_PER_NETWORK_PER_HOUR: '3',
    CODE_REQUESTS_PER_DAY: '6',
    CODE_TTL_SECONDS: '1',
    RESPONSE_FLOOR_MS: '0',
  });
}, 60_000);

afterAll(() => database.remove());

const signUpFrom = (from: string, email = uniqueEmail('wallet')) => invokeRoute('accounts/signup', { body: { email, password: PASSWORD }, from });

describe('denial of wallet and of mail (attack 7)', () => {
  it('a sign-up makes no Cognito user, and is forgotten once its code and the time to ask for another have run out', async () => {
    const email = uniqueEmail('purge');
    expect((await signUpFrom('192.0.2.60', email)).statusCode).toBe(201);
    expect(await usersWithEmail(email)).toEqual([]);
    const code = await latestCode(email);
    await new Promise((done) => setTimeout(done, 2_100));
    await forgetCodeThrottle(email, database.client);
    // Nothing left to resend, and the code is dead.
    expect((await invokeRoute('accounts/resend-code', { body: { email }, from: '192.0.2.60' })).statusCode).toBe(202);
    expect(await inbox(email)).toHaveLength(1);
    const late = await invokeRoute('accounts/confirm', { body: { email, code, password: PASSWORD }, from: '192.0.2.60' });
    expect([late.statusCode, late.body.error?.code]).toEqual([410, 'code_expired']);
    expect(await usersWithEmail(email)).toEqual([]);
  });

  it('one network may ask for 3 codes an hour, whatever the addresses; another network is not held back', async () => {
    for (let index = 0; index < 3; index += 1) expect((await signUpFrom('192.0.2.50')).statusCode).toBe(201);
    const refused = await signUpFrom('192.0.2.50');
    expect([refused.statusCode, refused.body.error?.code]).toEqual([429, 'too_many_requests']);
    expect(Number(refused.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(refused.headers['Retry-After'])).toBeLessThanOrEqual(3600);
    expect((await signUpFrom('192.0.2.51')).statusCode).toBe(201);
  });

  it('everyone together may ask for 6 a day: then every request waits for the next day, and nothing is sent', async () => {
    const email = uniqueEmail('over-budget');
    const refused = await signUpFrom('192.0.2.52', email);
    expect([refused.statusCode, refused.body.error?.code]).toEqual([429, 'too_many_requests']);
    const untilMidnight = 86_400 - (Math.floor(Date.now() / 1000) % 86_400);
    expect(Math.abs(Number(refused.headers['Retry-After']) - untilMidnight)).toBeLessThanOrEqual(2);
    expect(await inbox(email)).toEqual([]);
  });
});
