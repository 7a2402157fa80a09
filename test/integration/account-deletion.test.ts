/**
 * DELETE /me: the account and everything about the person go, read back from the whole table; the address can sign
 * up again; a campaign keeps only its counts.
 */
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { sampleArticles } from '../../local/sample-content';
import { addressDigest, confirm, forgetCodeThrottle, logIn, PASSWORD, signUp, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { newslettersAbout, publishArticle } from './campaign-fixtures';
import { call, endpoints, expectError } from './client';
import { sentCampaignsOf } from './editor-fixtures';
import { usersWithEmail } from './tokens';

const database = new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Every item of the table (DynamoDB Local, the stack's own), as JSON text, that holds any of the given traces. */
async function itemsHolding(traces: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for await (const page of paginateScan({ client: database }, { TableName: 'pressroom', ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      const text = JSON.stringify(unmarshall(item), (_key, value: unknown) => (value instanceof Set ? [...(value as Set<unknown>)] : value));
      if (traces.some((trace) => text.includes(trace))) found.push(text);
    }
  }
  return found;
}

const subOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

describe('DELETE /me', () => {
  it('refuses a wrong password, which counts as a failed sign-in, and keeps the account', async () => {
    const email = uniqueEmail('keep');
    await signUpAndConfirm(email);
    const { accessToken } = (await logIn(email)).body;
    expectError(await call('DELETE', '/me', { token: accessToken, body: { password: 'Not-The-Password-1!' } }), 401, 'invalid_credentials');
    expect((await call('GET', '/me', { token: accessToken })).status).toBe(200);
    const activity = await call<{ items: { type: string }[] }>('GET', '/me/activity', { token: accessToken });
    expect(activity.body.items[0]!.type).toBe('sign_in_failed');
  });

  it('stops wrong passwords below Cognito’s own lockout, whatever the networks: the fifth in a row is 429', async () => {
    const email = uniqueEmail('guessing');
    await signUpAndConfirm(email);
    const { accessToken } = (await logIn(email)).body;
    for (let attempt = 1; attempt <= 4; attempt++) {
      expectError(await call('DELETE', '/me', { token: accessToken, body: { password: `Wrong-Password-${attempt}!` } }), 401, 'invalid_credentials');
    }
    expectError(await call('DELETE', '/me', { token: accessToken, body: { password: 'Wrong-Password-5!' } }), 429, 'too_many_requests');
    expect((await call('GET', '/me', { token: accessToken })).status).toBe(200);
  });

  it('erases everything about the person, leaves campaigns their counts, and lets the address sign up again', async () => {
    const email = uniqueEmail('leaving');
    await signUpAndConfirm(email, { name: 'Leaving Reader', newsletter: true });
    const first = (await logIn(email)).body;
    const second = (await logIn(email)).body;
    const sub = subOf(first.accessToken);
    // Traces in every family the person reaches: a download, a failed sign-in, a reset code and a wrong try at it,
    // a campaign that mailed them.
    const video = sampleArticles[0]!.videos[0]!;
    expect((await call('POST', `/videos/${video.id}/download`, { token: first.accessToken, body: {} })).status).toBe(200);
    expectError(await call('POST', '/auth/login', { body: { email, password: 'Not-The-Password-1!' } }), 401, 'invalid_credentials');
    await forgetCodeThrottle(email);
    expect((await call('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    await call('POST', '/auth/reset-password', { body: { email, code: '000000', newPassword: 'Another-Horse-2025!' } });
    const title = `Before leaving ${randomUUID()}`;
    const article = await publishArticle(title);
    expect(await newslettersAbout(email, title, 1)).toHaveLength(1);
    const [campaign] = await sentCampaignsOf(article.id);
    const traces = [sub, email, addressDigest(email)];
    expect((await itemsHolding(traces)).length).toBeGreaterThan(8);

    expect((await call('DELETE', '/me', { token: first.accessToken, body: { password: PASSWORD } })).status).toBe(204);

    // One item only: the mark that every session of the deleted sub has ended, which expires within the access
    // token's hour (a sign-in that raced the deletion opens nothing); it holds the opaque sub and nothing else.
    const left = (await itemsHolding(traces)).map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(left.map((item) => Object.keys(item).sort())).toEqual([['before', 'expiresAt', 'pk', 'sk']]);
    expect([left[0]!.pk, left[0]!.sk]).toEqual([`SESSIONS#${sub}`, 'ENDED_BEFORE']);
    expect(left[0]!.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
    expect(await usersWithEmail(email)).toEqual([]);
    for (const session of [first, second]) {
      expectError(await call('GET', '/me', { token: session.accessToken }), 401, 'unauthorized');
      expectError(await call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } }), 401, 'invalid_token');
    }
    expectError(await logIn(email), 401, 'invalid_credentials');
    const kept = (await sentCampaignsOf(article.id)).find((candidate) => candidate.id === campaign!.id)!;
    expect(kept.sent).toBe(campaign!.sent);

    // The address is free: a new sign-up, a new person, an activity that starts afresh.
    await forgetCodeThrottle(email);
    await signUp(email);
    expect((await confirm(email)).status).toBe(200);
    const again = (await logIn(email)).body;
    expect(subOf(again.accessToken)).not.toBe(sub);
    const activity = await call<{ items: { type: string }[] }>('GET', '/me/activity', { token: again.accessToken });
    expect(activity.body.items.map((entry) => entry.type)).toEqual(['signed_in', 'confirmed', 'signed_up']);
  });
});
