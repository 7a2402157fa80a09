/**
 * A person's account as they see it: the activity recorded for what happened on it, the sessions signed in to it
 * and their end, the notices mailed to them, and the export of everything held on them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, paginateScan, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sampleArticles } from '../../local/sample-content';
import type { components } from '../../web/src/api/contract';
import { addressDigest, forgetCodeThrottle, logIn, PASSWORD, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { call, endpoints, expectError } from './client';
import { inbox, latestCode } from './mailbox';

/** The contract's own types, as the portal gets them from the served document. */
type Entry = components['schemas']['ActivityEntry'];
type Session = components['schemas']['Session'];

const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);


const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const FIREFOX_UPDATED = 'Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const signInFrom = async (email: string, userAgent: string, password = PASSWORD) =>
  call<{ accessToken: string; refreshToken: string }>('POST', '/auth/login', { body: { email, password }, headers: { 'user-agent': userAgent } });

async function activityOf(token: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Entry[]; nextCursor: string | null } } = await call('GET', `/me/activity?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(page.status).toBe(200);
    entries.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return entries;
}

/** The stored items of the user's session partition, read from the stack's DynamoDB Local: what each request reads. */
async function sessionPartition(token: string): Promise<{ sk: string }[]> {
  const sub = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
  const { Items = [] } = await documents.send(new QueryCommand({ TableName: 'pressroom', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SESSIONS#${sub}` } }));
  return Items as { sk: string }[];
}

/** Deletes the address's failed sign-in windows (test-only Scan): what waiting 15 minutes would do. */
async function forgetSignInWindows(email: string): Promise<void> {
  const prefix = `RATE#logins#${addressDigest(email)}#`;
  for await (const page of paginateScan({ client: documents }, { TableName: 'pressroom', FilterExpression: 'begins_with(pk, :prefix)', ExpressionAttributeValues: { ':prefix': prefix } })) {
    for (const item of page.Items ?? []) await documents.send(new DeleteCommand({ TableName: 'pressroom', Key: { pk: item.pk as string, sk: item.sk as string } }));
  }
}

const sessionsOf = async (token: string) => (await call<{ items: Session[] }>('GET', '/me/sessions', { token })).body.items;
const subjects = async (email: string) => (await inbox(email)).map((mail) => mail.subject);

describe('activity', () => {
  it('records the sign-up, the confirmation, the newsletter choice, sign-ins, a failed one and a download, newest first, without a secret', async () => {
    const email = uniqueEmail('activity');
    await signUpAndConfirm(email, { newsletter: true });
    const code = await latestCode(email);
    const failed = await signInFrom(email, FIREFOX, 'Not-The-Password-1!');
    expectError(failed, 401, 'invalid_credentials');
    const session = (await signInFrom(email, FIREFOX)).body;
    const video = sampleArticles[0]!.videos[0]!;
    expect((await call('POST', `/videos/${video.id}/download`, { token: session.accessToken, body: {} })).status).toBe(200);

    const entries = await activityOf(session.accessToken);
    expect(entries.map((entry) => entry.type)).toEqual(['downloaded', 'signed_in', 'sign_in_failed', 'newsletter_subscribed', 'confirmed', 'signed_up']);
    expect([...entries.map((entry) => entry.at)].sort().reverse()).toEqual(entries.map((entry) => entry.at));
    expect(entries[0]!.videoId).toBe(video.id);
    expect(entries[0]!.rendition).toEqual(expect.any(String));
    expect(entries[1]!.userAgent).toBe(FIREFOX);
    expect(entries[1]!.sessionId).toMatch(/^ses_/);
    for (const entry of entries) expect(entry.ip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    const text = JSON.stringify(entries);
    for (const secret of [PASSWORD, 'Not-The-Password-1!', code, session.accessToken, session.refreshToken]) expect(text).not.toContain(secret);
  });

  it('records newsletter changes made on the account and from the unsubscribe link', async () => {
    const email = uniqueEmail('newsletter-activity');
    await signUpAndConfirm(email);
    const { accessToken } = (await logIn(email)).body;
    expect((await call('PUT', '/me/newsletter', { token: accessToken, body: { subscribed: true } })).status).toBe(200);
    expect((await call('PUT', '/me/newsletter', { token: accessToken, body: { subscribed: false } })).status).toBe(200);
    const changes = (await activityOf(accessToken)).filter((entry) => entry.type.startsWith('newsletter_'));
    expect(changes.map(({ type, via }) => [type, via])).toEqual([
      ['newsletter_unsubscribed', 'account'],
      ['newsletter_subscribed', 'account'],
    ]);
  });

  it('is its owner’s only: another user’s cursor is refused', async () => {
    const [mine, theirs] = [uniqueEmail('cursor-mine'), uniqueEmail('cursor-theirs')];
    await Promise.all([signUpAndConfirm(mine), signUpAndConfirm(theirs)]);
    const [myToken, theirToken] = await Promise.all([logIn(mine), logIn(theirs)]).then((sessions) => sessions.map((session) => session.body.accessToken));
    const page = await call<{ nextCursor: string }>('GET', '/me/activity?limit=1', { token: theirToken });
    expectError(await call('GET', `/me/activity?cursor=${page.body.nextCursor}`, { token: myToken }), 400, 'invalid_request');
  });
});

describe('sessions', () => {
  it('lists each sign-in with its browser; ending one refuses its tokens and its refresh, and leaves the others', async () => {
    const email = uniqueEmail('sessions');
    await signUpAndConfirm(email);
    const laptop = (await signInFrom(email, FIREFOX)).body;
    const phone = (await signInFrom(email, SAFARI)).body;
    const listed = await sessionsOf(laptop.accessToken);
    expect(listed.map(({ userAgent, current }) => [userAgent, current])).toEqual([
      [SAFARI, false],
      [FIREFOX, true],
    ]);
    const phoneSession = listed[0]!;

    expect((await call('DELETE', `/me/sessions/${phoneSession.id}`, { token: laptop.accessToken })).status).toBe(204);
    expectError(await call('GET', '/me', { token: phone.accessToken }), 401, 'unauthorized');
    expectError(await call('POST', '/auth/refresh', { body: { refreshToken: phone.refreshToken } }), 401, 'invalid_token');
    expect((await call('GET', '/me', { token: laptop.accessToken })).status).toBe(200);
    expectError(await call('DELETE', `/me/sessions/${phoneSession.id}`, { token: laptop.accessToken }), 404, 'not_found');
    expect((await sessionsOf(laptop.accessToken)).map((session) => session.userAgent)).toEqual([FIREFOX]);
    const ended = (await activityOf(laptop.accessToken)).find((entry) => entry.type === 'signed_out');
    expect(ended).toMatchObject({ via: 'session_list', sessionId: phoneSession.id });
  });

  it('keeps one session through its refreshes, noting when it was last used', async () => {
    const email = uniqueEmail('refreshed');
    await signUpAndConfirm(email);
    const signedIn = (await signInFrom(email, FIREFOX)).body;
    const [before] = await sessionsOf(signedIn.accessToken);
    const refreshed = await call<{ accessToken: string }>('POST', '/auth/refresh', { body: { refreshToken: signedIn.refreshToken }, headers: { 'user-agent': FIREFOX_UPDATED } });
    expect(refreshed.status).toBe(200);
    const after = await sessionsOf(refreshed.body.accessToken);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before!.id, startedAt: before!.startedAt, userAgent: FIREFOX_UPDATED, current: true });
    expect(after[0]!.lastUsedAt > before!.lastUsedAt).toBe(true);
    // The token from before the refresh belongs to the same session, and still works until it expires.
    expect((await call('GET', '/me', { token: signedIn.accessToken })).status).toBe(200);
  });

  it('cannot end someone else’s session: their id is not found under the caller', async () => {
    const [mine, theirs] = [uniqueEmail('not-mine'), uniqueEmail('theirs')];
    await Promise.all([signUpAndConfirm(mine), signUpAndConfirm(theirs)]);
    const me = (await logIn(mine)).body;
    const them = (await logIn(theirs)).body;
    const [theirSession] = await sessionsOf(them.accessToken);
    expectError(await call('DELETE', `/me/sessions/${theirSession!.id}`, { token: me.accessToken }), 404, 'not_found');
    expect((await call('GET', '/me', { token: them.accessToken })).status).toBe(200);
  });

  it('signs out everywhere, this session too; a sign-in afterwards works', async () => {
    const email = uniqueEmail('everywhere');
    await signUpAndConfirm(email);
    const [first, second] = [(await signInFrom(email, FIREFOX)).body, (await signInFrom(email, SAFARI)).body];
    expect((await call('DELETE', '/me/sessions', { token: first.accessToken })).status).toBe(204);
    for (const session of [first, second]) {
      expectError(await call('GET', '/me', { token: session.accessToken }), 401, 'unauthorized');
      expectError(await call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } }), 401, 'invalid_token');
    }
    const again = (await signInFrom(email, FIREFOX)).body;
    expect(await sessionsOf(again.accessToken)).toHaveLength(1);
    // The ended sessions' items are gone, not only hidden: the partition every request reads stays small.
    expect((await sessionPartition(again.accessToken)).map((item) => item.sk).sort()).toEqual(['ENDED_BEFORE', expect.stringMatching(/^SESSION#ses_/)]);
    expect((await activityOf(again.accessToken)).some((entry) => entry.type === 'signed_out' && entry.via === 'everywhere')).toBe(true);
  });

  it('are all ended by a password reset, which is on the record and mailed to the owner', async () => {
    const email = uniqueEmail('reset-ends');
    await signUpAndConfirm(email);
    const before = (await signInFrom(email, FIREFOX)).body;
    await forgetCodeThrottle(email);
    expect((await call('POST', '/auth/forgot-password', { body: { email } })).status).toBe(202);
    const newPassword = 'Another-Horse-2025!';
    const reset = await call('POST', '/auth/reset-password', { body: { email, code: await latestCode(email), newPassword }, headers: { 'user-agent': SAFARI } });
    expect(reset.status).toBe(200);
    expectError(await call('GET', '/me', { token: before.accessToken }), 401, 'unauthorized');
    expectError(await call('POST', '/auth/refresh', { body: { refreshToken: before.refreshToken } }), 401, 'invalid_token');
    const notice = (await inbox(email)).at(-1)!;
    expect(notice.subject).toBe('Pressroom: your password was changed');
    expect(notice.body.text).toContain('Forgot your password?');
    const after = (await signInFrom(email, FIREFOX, newPassword)).body;
    expect((await activityOf(after.accessToken)).find((entry) => entry.type === 'password_reset')).toMatchObject({ userAgent: SAFARI });
  });
});

describe('notices', () => {
  it('mails a sign-in from a browser the account has not used, but not one it has, nor an update of it', async () => {
    const email = uniqueEmail('new-browser');
    // Confirmed from the test's own client: its browser is known from then on.
    await signUpAndConfirm(email);
    await logIn(email);
    expect(await subjects(email)).not.toContain('Pressroom: a new sign-in to your account');

    await signInFrom(email, FIREFOX);
    const notices = (await inbox(email)).filter((mail) => mail.subject === 'Pressroom: a new sign-in to your account');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.text).toContain('Browser: Firefox 133 on Linux.');

    await signInFrom(email, FIREFOX_UPDATED);
    await signInFrom(email, FIREFOX);
    expect((await subjects(email)).filter((subject) => subject === 'Pressroom: a new sign-in to your account')).toHaveLength(1);
  });
});

describe('failed sign-ins', () => {
  it('are listed one by one up to ten a day, then folded into one entry heading the day that counts the rest', async () => {
    // All on one UTC day: a run that would straddle midnight waits for the new day first.
    const toMidnight = 86_400_000 - (Date.now() % 86_400_000);
    if (toMidnight < 30_000) await new Promise((done) => setTimeout(done, toMidnight));
    const email = uniqueEmail('many-failures');
    await signUpAndConfirm(email);
    for (let attempt = 1; attempt <= 13; attempt++) {
      // Past ten in 15 minutes the sign-in limit answers 429: its counters are forgotten, standing in for the wait.
      if (attempt === 11) await forgetSignInWindows(email);
      expectError(await signInFrom(email, `Mozilla/5.0 Attempt/${attempt}`, `Wrong-Password-${attempt}!`), 401, 'invalid_credentials');
    }
    const { accessToken } = (await logIn(email)).body;
    const failures = (await activityOf(accessToken)).filter((entry) => entry.type === 'sign_in_failed');
    expect(failures).toHaveLength(11);
    expect(failures[0]).toMatchObject({ more: 3, userAgent: 'Mozilla/5.0 Attempt/13' });
    expect(failures.slice(1).every((entry) => entry.more === undefined)).toBe(true);
  });
});

describe('notice pacing', () => {
  it('mails at most three new-browser notices at once, while every sign-in stays on the activity', async () => {
    const email = uniqueEmail('many-browsers');
    await signUpAndConfirm(email);
    const browsers = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map((name) => `Mozilla/5.0 (X11; Linux) ${name}Browser/1.0`);
    let token = '';
    for (const browser of browsers) token = (await signInFrom(email, browser)).body.accessToken;
    expect((await subjects(email)).filter((subject) => subject === 'Pressroom: a new sign-in to your account')).toHaveLength(3);
    expect((await activityOf(token)).filter((entry) => entry.type === 'signed_in')).toHaveLength(5);
  });
});

describe('GET /me/export', () => {
  it('gives everything held on the person as one JSON attachment: profile, newsletter and its history, downloads, activity, sessions', async () => {
    const email = uniqueEmail('export');
    await signUpAndConfirm(email, { name: 'Ada Export', newsletter: true });
    const { accessToken } = (await signInFrom(email, FIREFOX)).body;
    const video = sampleArticles[0]!.videos[0]!;
    await call('POST', `/videos/${video.id}/download`, { token: accessToken, body: {} });
    const exported = await call<{
      exportedAt: string;
      profile: { email: string; name: string; newsletter: { subscribed: boolean } };
      newsletter: { subscribed: boolean; suppressed: boolean; history: Entry[] };
      downloads: { videoId: string }[];
      activity: Entry[];
      sessions: Session[];
    }>('GET', '/me/export', { token: accessToken });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    const { profile, newsletter, downloads, activity, sessions } = exported.body;
    expect(profile).toMatchObject({ email, name: 'Ada Export', newsletter: { subscribed: true } });
    expect(newsletter).toMatchObject({ subscribed: true, suppressed: false });
    expect(newsletter.history.map((entry) => entry.type)).toEqual(['newsletter_subscribed']);
    expect(downloads.map((download) => download.videoId)).toEqual([video.id]);
    expect(activity.map((entry) => entry.type)).toEqual(['downloaded', 'signed_in', 'newsletter_subscribed', 'confirmed', 'signed_up']);
    expect(sessions.map(({ userAgent, current }) => [userAgent, current])).toEqual([[FIREFOX, true]]);
  });
});
