import { call, expectError } from './client';
import { editorTokens, readerTokens } from './tokens';

/** Protected routes check the bearer token before anything else. */
describe('access tokens on protected routes', () => {
  const forge = (header: object, payload: object) =>
    [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.';

  it('refuses a missing, malformed or forged token with 401', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    const tokens = [
      undefined,
      'not-a-jwt',
      forge({ alg: 'none', typ: 'JWT' }, { sub: 'x', token_use: 'access', exp: future, 'cognito:groups': ['editors'] }),
      forge({ alg: 'RS256', kid: 'unknown' }, { sub: 'x', token_use: 'access', exp: future }) + 'c2lnbmF0dXJl',
    ];
    for (const token of tokens) {
      const response = await call('GET', '/me', token === undefined ? {} : { token });
      expectError(response, 401, 'unauthorized');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses an id token where an access token is required', async () => {
    const { idToken } = await editorTokens();
    expectError(await call('GET', '/me', { token: idToken }), 401, 'unauthorized');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const { accessToken } = await editorTokens();
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const elevated = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    expectError(await call('GET', '/me', { token: `${header}.${elevated}.${signature}` }), 401, 'unauthorized');
  });

  it('lets a signed-in reader through to user routes but not to editor routes', async () => {
    const { accessToken } = await readerTokens();
    expect((await call('GET', '/me/downloads', { token: accessToken })).status).toBe(200);
    expectError(await call('GET', '/newsletters', { token: accessToken }), 403, 'forbidden');
  });

  it('lets an editor through to editor routes', async () => {
    const { accessToken } = await editorTokens();
    expect((await call('GET', '/newsletters', { token: accessToken })).status).toBe(200);
  });
});
