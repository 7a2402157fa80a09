import { configure, invoke } from './in-process';
import { PASSWORD, uniqueEmail } from './accounts-fixtures';
import { inbox, latestCode } from './mailbox';

configure({ CODE_TTL_SECONDS: '2', RESPONSE_FLOOR_MS: '0' });

describe('an expired code', () => {
  it('is refused with 410 code_expired, and the email said how long it would live', async () => {
    const email = uniqueEmail('expiry');
    const signup = await invoke('accounts/signup', { method: 'POST', path: '/auth/signup', routeKey: 'POST /auth/signup', body: { email, password: PASSWORD } });
    expect(signup.statusCode).toBe(201);
    expect((await inbox(email))[0]!.body.text).toContain('The code expires in 2 seconds.');
    const code = await latestCode(email);
    await new Promise((done) => setTimeout(done, 2_100));
    const late = await invoke('accounts/confirm', { method: 'POST', path: '/auth/confirm', routeKey: 'POST /auth/confirm', body: { email, code, password: PASSWORD } });
    expect([late.statusCode, late.body.error?.code]).toEqual([410, 'code_expired']);
  });
});
